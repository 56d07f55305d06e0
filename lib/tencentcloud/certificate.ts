import { X509Certificate } from 'crypto';
import { Construct } from 'constructs';
import { RegistryEnvironment } from '../core/environment';
import { invalid } from '../core/errors';
import { isUnresolved } from '../core/tokens';
import { Fn, TerraformVariable } from '../terraform/cdktf';
import { TENCENTCLOUD_TAG_RULES } from '../terraform/tag-rules';
import { tagsFor } from '../terraform/tags';
import { SslCertificate } from './bindings/ssl-certificate';

/** A certificate in PEM, for `TcrCertificate.fromPem`. */
export interface TcrPemCertificateProps {
  /**
   * The certificate chain in PEM: the certificate for the registry's host
   * name first, then its intermediates. Given literally, it is checked at
   * synthesis (PEM, and a first certificate that names the host); a
   * Terraform expression (e.g. `Fn.file('certs/chain.pem')`) is checked by
   * Tencent Cloud at apply. Leading and trailing white space is removed,
   * which the provider requires.
   */
  readonly certificateChainPem: string;

  /**
   * The certificate's private key in PEM, as a Terraform expression, e.g.
   * the `stringValue` of a sensitive `TerraformVariable`, so that the key is
   * never written to the configuration. A literal key is refused. The key
   * is stored in Terraform state (`tencentcloud_ssl_certificate.key`).
   *
   * @default - a sensitive input variable the construct declares,
   * `<env>_<service>_certificate_private_key` (set it with
   * `TF_VAR_<env>_<service>_certificate_private_key`)
   */
  readonly privateKeyPem?: string;
}

/** What a certificate gives the custom domain. */
export interface TcrCertificateConfig {
  /** The Tencent Cloud SSL certificate id the domain binding uses. */
  readonly certificateId: string;
}

/**
 * The certificate a TCR custom domain presents: one already in Tencent
 * Cloud SSL Certificates, or one this configuration uploads from PEM. TCR
 * takes only certificates hosted in Tencent Cloud SSL ("仅支持选择已在腾讯云
 * SSL 证书服务内托管的证书", TCR's guide "配置自定义域名").
 *
 * The domain binding's `certificate_id` forces a new binding
 * (tencentcloud_tcr_customized_domain): rotating the certificate replaces
 * the binding, and the custom host name is not served between the old
 * binding's deletion and the new one's creation.
 */
export abstract class TcrCertificate {
  /**
   * A certificate already in Tencent Cloud SSL Certificates, by its id
   * (e.g. from the SSL console, or `tencentcloud_ssl_certificate.id` of
   * another configuration). Its names must cover the registry's host name;
   * Tencent Cloud checks that at apply.
   *
   * @param certificateId the certificate's id, or a Terraform expression of it
   */
  public static fromCertificateId(certificateId: string): TcrCertificate {
    if (typeof certificateId !== 'string' || (!isUnresolved(certificateId) && !/^\S+$/.test(certificateId))) {
      throw invalid('certificateId', certificateId, 'a Tencent Cloud SSL certificate id (e.g. from the SSL console) or a Terraform expression of one');
    }
    return new ExistingCertificate(certificateId);
  }

  /**
   * A certificate this configuration uploads to Tencent Cloud SSL
   * Certificates from PEM (`tencentcloud_ssl_certificate` of type `SVR`).
   * A new chain or key uploads a new certificate before the old one is
   * deleted (`create_before_destroy`), and replaces the domain binding.
   */
  public static fromPem(props: TcrPemCertificateProps): TcrCertificate {
    if (props === null || typeof props !== 'object') {
      throw invalid('props', props, 'PEM certificate properties (certificateChainPem, privateKeyPem)');
    }
    const chain = props.certificateChainPem;
    if (typeof chain !== 'string' || (!isUnresolved(chain) && !isPemChain(chain.trim()))) {
      throw invalid('certificateChainPem', typeof chain === 'string' ? `${chain.slice(0, 40)}...` : chain,
        'a PEM certificate chain (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----, one block per certificate) or a Terraform expression of one');
    }
    if (props.privateKeyPem !== undefined && (typeof props.privateKeyPem !== 'string' || !isUnresolved(props.privateKeyPem))) {
      throw invalid('privateKeyPem', '(a literal value, not shown)',
        'a Terraform expression of the key, e.g. a sensitive TerraformVariable\'s stringValue: a literal key would be written to the configuration');
    }
    return new UploadedCertificate(chain, props.privateKeyPem);
  }

  /**
   * Checks what can be checked of the certificate for `environment`'s host
   * name before anything is made (a PEM chain given literally must name
   * the host); `TcrRegistry` calls it with its other checks.
   *
   * @param environment the declaration whose host name the certificate serves
   */
  public checkFor(environment: RegistryEnvironment): void {
    void environment;
  }

  /**
   * Makes the certificate available to the custom domain of `environment`,
   * adding what it needs to `scope`.
   *
   * @param scope the registry construct
   * @param environment the declaration whose host name the certificate serves
   */
  public abstract bind(scope: Construct, environment: RegistryEnvironment): TcrCertificateConfig;
}

class ExistingCertificate extends TcrCertificate {
  constructor(private readonly certificateId: string) {
    super();
  }

  public bind(): TcrCertificateConfig {
    return { certificateId: this.certificateId };
  }
}

class UploadedCertificate extends TcrCertificate {
  constructor(private readonly chain: string, private readonly privateKey: string | undefined) {
    super();
  }

  public checkFor(environment: RegistryEnvironment): void {
    if (!isUnresolved(this.chain)) {
      assertCoversHost(new X509Certificate(this.chain.trim()), environment.hostname);
    }
  }

  public bind(scope: Construct, environment: RegistryEnvironment): TcrCertificateConfig {
    this.checkFor(environment);
    const key = this.privateKey ?? privateKeyVariable(scope, environment).stringValue;
    const certificate = new SslCertificate(scope, 'Certificate', {
      type: 'SVR',
      name: environment.hostname,
      // "Not allowed newline at the start and end" (tencentcloud_ssl_certificate.cert and .key).
      cert: isUnresolved(this.chain) ? Fn.trimspace(this.chain) : this.chain.trim(),
      key: Fn.trimspace(key),
      tags: tagsFor(environment, TENCENTCLOUD_TAG_RULES, SslCertificate.tfResourceType),
      // cert and key force a new certificate; the domain binding moves to it before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    return { certificateId: certificate.id };
  }
}

const PEM_CHAIN = /^(?:-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

function isPemChain(text: string): boolean {
  if (!PEM_CHAIN.test(text)) {
    return false;
  }
  try {
    new X509Certificate(text);
    return true;
  } catch {
    return false;
  }
}

function assertCoversHost(certificate: X509Certificate, hostname: string): void {
  if (certificate.checkHost(hostname) === undefined) {
    throw invalid('certificateChainPem', certificate.subject.replace(/\n/g, ', '),
      `a first certificate whose names cover the registry's host name ${hostname} (its subject alternative names: ${certificate.subjectAltName ?? 'none'})`);
  }
}

/** The sensitive input variable that carries the private key when none is given. */
function privateKeyVariable(scope: Construct, environment: RegistryEnvironment): TerraformVariable {
  const variable = new TerraformVariable(scope, 'CertificatePrivateKey', {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: `PEM private key of the certificate for ${environment.hostname}`,
  });
  variable.overrideLogicalId(`${environment.resourcePrefix.replace(/-/g, '_')}_certificate_private_key`);
  return variable;
}
