import { Secret as EcsSecret } from 'aws-cdk-lib/aws-ecs';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AuthProps } from '../../core/distribution/auth';
import { LogFormatter } from '../../core/distribution/enums';
import { HttpProps } from '../../core/distribution/http';
import { LogProps } from '../../core/distribution/observability';
import { RegistryEnvironment } from '../../core/environment';
import { newNotificationTopic } from '../notification-topic';
import { removalPolicyOf } from '../removal';
import { RegistryAuthentication } from './registry-authentication';
import { HTPASSWD_PATH, RuntimeFile, TOKEN_CERT_BUNDLE_PATH } from './registry-runtime';
import { DEBUG_PORT, REGISTRY_PORT } from './registry-service';

/** What the registry container receives besides its configuration. */
export class RegistryWiring {
  /** Files the start-up script writes. */
  public readonly files: RuntimeFile[] = [];
  /** ECS secrets (Secrets Manager or SSM), by variable name. */
  public readonly secrets: { [name: string]: EcsSecret } = {};
  /** Plain, non-secret variables. */
  public readonly environmentVariables: { [name: string]: string } = {};

  /** A file whose content comes from a secret. */
  public addSecretFile(variable: string, path: string, secret: ISecret): void {
    this.files.push({ variable, path });
    this.secrets[variable] = EcsSecret.fromSecretsManager(secret);
  }

  /**
   * Authentication: the htpasswd file from `htpasswdSecret`, or the token
   * issuer's public bundle. Returns the config's `auth` section.
   */
  public addAuthentication(auth: RegistryAuthentication, realm: string, htpasswdSecret?: ISecret): AuthProps {
    if (auth.users) {
      this.addSecretFile('HTPASSWD', HTPASSWD_PATH, htpasswdSecret!);
      return { htpasswd: { realm, path: HTPASSWD_PATH } };
    }
    const token = auth.tokenOptions!;
    this.files.push({ variable: 'TOKEN_CERT_BUNDLE', path: TOKEN_CERT_BUNDLE_PATH });
    this.environmentVariables.TOKEN_CERT_BUNDLE = token.rootCertificateBundle;
    return { token: { realm: token.realm, service: token.service, issuer: token.issuer, rootCertBundle: TOKEN_CERT_BUNDLE_PATH } };
  }
}

/**
 * The `http.secret` every task of one registry shares (uploads move between
 * tasks), handed over as `REGISTRY_HTTP_SECRET`.
 */
export function newHttpSecret(scope: Construct, environment: RegistryEnvironment, hostname: string, wiring: RegistryWiring, key?: IKey): Secret {
  const secret = new Secret(scope, 'HttpSecret', {
    description: `Signs upload state of ${hostname}; shared by every task`,
    encryptionKey: key,
    removalPolicy: removalPolicyOf(environment.settings.removalMode),
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
  });
  wiring.secrets.REGISTRY_HTTP_SECRET = EcsSecret.fromSecretsManager(secret);
  return secret;
}

/**
 * The `http` section every self-hosted registry shares: the API on
 * `REGISTRY_PORT` behind the load balancer, the external URL, the shared
 * secret from `REGISTRY_HTTP_SECRET`, a drain period for deployments, and
 * Prometheus metrics on the debug port.
 */
export function registryHttpConfig(url: string): HttpProps {
  return {
    addr: `:${REGISTRY_PORT}`,
    host: url,
    secretFromEnvironment: true,
    drainTimeout: '60s',
    debug: { addr: `:${DEBUG_PORT}`, prometheusEnabled: true },
  };
}

/** JSON log lines that name the registry they come from. */
export function registryLogConfig(environment: RegistryEnvironment, region?: string): LogProps {
  const fields: { [name: string]: string } = { environment: environment.environment, service: environment.service };
  if (region) {
    fields.region = region;
  }
  return { formatter: LogFormatter.JSON, fields };
}

/**
 * The topic alarms go to, encrypted with a key of its own (`AlarmsKey`):
 * CloudWatch and EventBridge cannot use the AWS managed SNS key, and the
 * registry's key should not be usable by every service that publishes.
 */
export function newAlarmTopic(scope: Construct, environment: RegistryEnvironment, hostname: string): ITopic {
  return newNotificationTopic(scope, {
    topicId: 'AlarmTopic', keyId: 'AlarmsKey', environment, displayName: `${hostname} registry alarms`, purpose: 'alarms',
  }).topic;
}
