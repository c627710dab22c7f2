import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** How a sealed answer is stored in `idempotency_record.response_body`. */
export interface SealedBody {
  sealed: string;
}

const VERSION = 'v1';

/**
 * Fingerprints and seals idempotent requests. Every request's fingerprint (method, path and canonical body) is an
 * HMAC under the server's secret: a body may hold a password (a user created with one, a password change), and a
 * plain hash of it would be quick to guess from a database dump. A sealed request's answer is encrypted with
 * AES-256-GCM under a key derived from that secret, the caller's scope, the key and the request: opening it
 * takes the same request again (its password or token included), not just the database and the secret.
 */
export class AnswerSeal {
  constructor(private readonly secret: string) {}

  fingerprint(request: string): string {
    return createHmac('sha256', this.secret).update(`idempotency-request\n${request}`).digest('hex');
  }

  seal(body: unknown, context: string): SealedBody {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(context), iv);
    const text = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), text].map((part) => part.toString('base64url'));
    return { sealed: [VERSION, ...parts].join('.') };
  }

  /** The answer, or undefined when it cannot be opened (another secret since, or not sealed for this request). */
  open(stored: unknown, context: string): unknown {
    const sealed = (stored as Partial<SealedBody> | null)?.sealed;
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length !== 4 || parts[0] !== VERSION) return undefined;
    try {
      const [iv, tag, text] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
      const decipher = createDecipheriv('aes-256-gcm', this.key(context), iv);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(text), decipher.final()]).toString('utf8'));
    } catch {
      return undefined;
    }
  }

  private key(context: string): Buffer {
    return createHmac('sha256', this.secret).update(`idempotency-answer\n${context}`).digest();
  }
}
