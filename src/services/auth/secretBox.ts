import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Authenticated encryption (AES-256-GCM) for secrets the server must be able to read back, such
 * as TOTP seeds: a copy of the database alone does not let anyone generate codes.
 * The key is derived from SESSION_SECRET with HKDF, so there is one secret to manage.
 */
export class SecretBox {
  private readonly key: Buffer
  constructor(masterSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterSecret, 'vigil', 'totp-secret-box', 32))
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    )
  }

  open(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.')
    if (version !== 'v1' || !iv || !body || !tag) throw new Error('Unreadable sealed secret')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  }
}
