/**
 * Fake secrets for the security tests, built from pieces so that no complete token sits in the
 * source (secret scanners watching the repository stay quiet). None of them was ever a real key.
 */
const j = (...parts: string[]) => parts.join('');

export const FAKE = {
  awsAccessKeyId: j('AKIA', 'IOSFODNN7', 'EXAMPLE'),
  awsSecret: j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY'),
  github: j('ghp_', 'a1B2c3D4e5F6g7H8i9J0', 'k1L2m3N4o5P6q7R8'),
  githubPat: j('github_pat_', '11AAAAAAA0aaaaaaaaaaaa_', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'),
  gitlab: j('glpat-', 'xYz12345abcdEFGH6789'),
  slack: j('xoxb-', '1234567890-0987654321-', 'AbCdEfGhIjKlMnOpQrStUv'),
  slackWebhook: j('https://hooks.slack.com/services/', 'T00000000/B00000000/', 'XXXXXXXXXXXXXXXXXXXXXXXX'),
  stripe: j('sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'),
  google: j('AIza', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'),
  anthropic: j('sk-ant-', 'api03-', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'),
  openai: j('sk-proj-', 'AbCdEfGhIj0123', 'T3BlbkFJ', 'KlMnOpQrSt4567'),
  groq: j('gsk_', 'a'.repeat(26), '1'.repeat(26)),
  deepseek: j('sk-', '0123456789abcdef', '0123456789abcdef'),
  privateKey: j('-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEowIBAAKCAQEA7', 'x'.repeat(64), '\nAbCdEf==\n-----END RSA ', 'PRIVATE KEY-----'),
  envValue: j('s3cr3t', 'Value', '9876'),
} as const;
