import { readFileSync } from 'fs';
import { join } from 'path';
import { TcrCertificate, TcrRegistry } from '../../lib/tencentcloud';
import { Fn, TerraformStack, TerraformVariable, Testing } from '../../lib/terraform/cdktf';
import { environment } from '../support/environment';
import { synthesizeStack } from '../support/terraform/synth';
import { expectConformance } from '../support/terraform-schema/jest';
import { registryProps, resourceOf, synthesizeRegistry } from './helpers';

const CERTIFICATE = readFileSync(join(__dirname, '..', 'fixtures', 'certificates', 'dev-registry.example.com.pem'), 'utf8');

describe('TcrCertificate', () => {
  test('a PEM chain is uploaded to Tencent Cloud SSL, trimmed, with its key from a sensitive variable the construct declares', () => {
    expect(CERTIFICATE.endsWith('\n')).toBe(true);
    const config = synthesizeRegistry(registryProps(environment('dev'), {
      customDomain: { certificate: TcrCertificate.fromPem({ certificateChainPem: CERTIFICATE }) },
    }));
    const certificate = resourceOf(config, 'tencentcloud_ssl_certificate');
    expect(certificate).toMatchObject({
      type: 'SVR',
      name: 'dev-registry.example.com',
      cert: CERTIFICATE.trim(),
      key: '${trimspace(var.dev_registry_certificate_private_key)}',
      lifecycle: { create_before_destroy: true },
    });
    expect(certificate.cert.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(certificate.cert.endsWith('-----END CERTIFICATE-----')).toBe(true);
    expect(config.variable).toEqual({
      dev_registry_certificate_private_key: {
        type: 'string', sensitive: true, nullable: false, description: 'PEM private key of the certificate for dev-registry.example.com',
      },
    });
    expect(resourceOf(config, 'tencentcloud_tcr_customized_domain').certificate_id).toMatch(/^\$\{tencentcloud_ssl_certificate\..*\.id\}$/);
  });

  test('a chain and key given as Terraform expressions are used as they are, trimmed at apply', () => {
    const stack = new TerraformStack(Testing.app(), 'tcr');
    const key = new TerraformVariable(stack, 'registry_key', { type: 'string', sensitive: true });
    new TcrRegistry(stack, 'Registry', registryProps(environment('dev'), {
      customDomain: { certificate: TcrCertificate.fromPem({ certificateChainPem: Fn.file('certs/dev-registry.pem'), privateKeyPem: key.stringValue }) },
    }));
    const config = synthesizeStack(stack);
    expectConformance(config, 'tencentcloud');
    expect(resourceOf(config, 'tencentcloud_ssl_certificate')).toMatchObject({
      cert: '${trimspace(file("certs/dev-registry.pem"))}',
      key: '${trimspace(var.registry_key)}',
    });
    expect(Object.keys(config.variable as object)).toEqual(['registry_key']);
  });

  test('an existing certificate is used by its id, and nothing is uploaded', () => {
    const config = synthesizeRegistry(registryProps(environment('dev'), {
      customDomain: { certificate: TcrCertificate.fromCertificateId('a1B2c3D4') },
    }));
    expect(config.resource?.tencentcloud_ssl_certificate).toBeUndefined();
    expect(config.variable).toBeUndefined();
    expect(resourceOf(config, 'tencentcloud_tcr_customized_domain').certificate_id).toBe('a1B2c3D4');
  });
});
