import { App, Stack, Token } from 'aws-cdk-lib';
import { DistributionConfig } from '../../lib';
import { isUnresolved } from '../../lib/core/tokens';

describe('deploy-time values in the distribution config', () => {
  test('recognises CDK and CDK for Terraform placeholders only', () => {
    expect(isUnresolved(Token.asString({ Ref: 'Bucket' }))).toBe(true);
    expect(isUnresolved('prefix-${TfToken[TOKEN.12]}')).toBe(true);
    expect(isUnresolved('my-bucket')).toBe(false);
    expect(isUnresolved('${not a token}')).toBe(false);
    expect(isUnresolved(42)).toBe(false);
  });

  test('tokens pass shape checks and resolve in the rendered config', () => {
    const stack = new Stack(new App(), 's');
    const bucket = Token.asString({ Ref: 'Images' });
    const domain = Token.asString({ 'Fn::GetAtt': ['Cdn', 'DomainName'] });
    const config = new DistributionConfig({
      storage: { s3: { bucket, region: 'eu-west-1' } },
      auth: { htpasswd: { path: '/run/distribution/htpasswd' } },
      cloudFront: { baseUrl: `https://${domain}/`, privateKeyPath: '/run/distribution/cloudfront.pem', keyPairId: Token.asString({ Ref: 'Key' }) },
    });
    const resolved = JSON.stringify(stack.resolve(JSON.stringify(config.toObject())));
    expect(resolved).toContain('{"Ref":"Images"}');
    expect(resolved).toContain('{"Fn::GetAtt":["Cdn","DomainName"]}');
  });

  test('the literal part of a URL with a token is still checked', () => {
    const domain = Token.asString({ Ref: 'Domain' });
    expect(() => new DistributionConfig({
      storage: { s3: { bucket: 'b-images', region: 'eu-west-1' } },
      auth: { htpasswd: { path: '/run/distribution/htpasswd' } },
      cloudFront: { baseUrl: `http://${domain}/`, privateKeyPath: '/k.pem', keyPairId: 'KABCDEFGH' },
    })).toThrow(/^cloudFront.baseUrl: expected an https:\/\/ URL/);
  });
});
