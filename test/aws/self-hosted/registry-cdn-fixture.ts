/** An ACM certificate in us-east-1, where CloudFront takes its certificates from. */
export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666';

/** A web ACL of scope CLOUDFRONT, which lives in us-east-1. */
export const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666';
