import { nowDate, type Clock } from '../../domain/clock.ts'
import type { Actor } from '../../domain/access/actor.ts'
import { canAdministerAccounts } from '../../domain/access/policy.ts'
import {
  ALL_SCOPES,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  isScope,
  parseScopes,
  type Scope,
} from '../../domain/auth/scopes.ts'
import { Forbidden, NotFound, ValidationError, type FieldError } from '../../domain/errors.ts'
import type { DataAccess, Repositories } from '../../data/index.ts'
import type { SignedInUser } from './authService.ts'
import { digest, newSecret } from './tokens.ts'

export interface ApiTokenView {
  id: string
  name: string
  owner: string
  scopes: Scope[]
  createdAt: Date
  expiresAt: Date
  lastUsedAt: Date | null
}

/** What a request bearing a token is: its owner, and what the token lets it reach. */
export interface ApiCaller {
  user: SignedInUser
  tokenId: string
  scopes: Scope[]
}

export interface NewTokenInput {
  name?: unknown
  scopes?: unknown
  days?: unknown
}

export interface IssuedToken {
  /** The secret itself: shown once, never stored. */
  token: string
  id: string
  name: string
  scopes: Scope[]
  expiresAt: Date
}

/** Who issues or revokes a token: a signed-in user, or an operator at the command line (no staff id). */
interface Issuer {
  id: string | null
  username: string
  correlationId?: string
}

const DAY = 86_400_000
const storedScopes = (text: string): Scope[] => text.split(' ').filter(isScope)

/**
 * Personal API tokens (issue 10, finding 7): named, scoped per capability, expiring (90 days by
 * default), listed and revoked by their owner and by administrators, revoked with the owner's
 * sessions. The secret is shown once at creation; only its SHA-256 is kept. Every creation and
 * revocation is audited.
 */
export class ApiTokenService {
  constructor(
    private readonly data: DataAccess,
    private readonly clock: Clock,
  ) {}

  /** Checks a token form (web, CLI): a name, at least one known scope, a whole number of days. */
  validate(input: NewTokenInput): { name: string; scopes: Scope[]; days: number } {
    const errors: FieldError[] = []
    const name = typeof input.name === 'string' ? input.name.trim() : ''
    if (name === '') errors.push({ field: 'name', message: 'Enter a name for the token' })
    else if (name.length > 80) errors.push({ field: 'name', message: 'The name must be 80 characters or fewer' })
    const raw = Array.isArray(input.scopes) ? input.scopes : input.scopes === undefined ? [] : [input.scopes]
    const { scopes, unknown } = parseScopes(raw.filter((s): s is string => typeof s === 'string'))
    if (unknown.length > 0) errors.push({ field: 'scopes', message: `Unknown scope: ${unknown.join(', ')}` })
    else if (scopes.length === 0) errors.push({ field: 'scopes', message: 'Select at least one scope' })
    const dayText =
      input.days === undefined || input.days === ''
        ? String(DEFAULT_TOKEN_DAYS)
        : typeof input.days === 'number' || typeof input.days === 'string'
          ? String(input.days).trim()
          : ''
    const days = /^\d{1,3}$/.test(dayText) ? Number(dayText) : NaN
    if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS)
      errors.push({ field: 'days', message: `Enter a number of days from 1 to ${MAX_TOKEN_DAYS}` })
    if (errors.length > 0) throw new ValidationError(errors)
    return { name, scopes, days }
  }

  /** A token for the signed-in user's own account. */
  async create(actor: Actor, input: NewTokenInput): Promise<IssuedToken> {
    const valid = this.validate(input)
    return this.write(actor.id, actor.username, valid, {
      id: actor.id,
      username: actor.username,
      correlationId: actor.correlationId,
    })
  }

  /** A token for a named user, issued from the command line (or a test). */
  async issue(username: string, input: NewTokenInput, by: Issuer): Promise<IssuedToken> {
    const valid = this.validate(input)
    const staff = await this.data.repos.auth.staffByUsername(username.trim().toLowerCase())
    if (!staff) throw new NotFound(`No user called ${username}`)
    return this.write(staff.id, staff.username, valid, by)
  }

  /** Every scope, default expiry: what `createApiToken` gave before tokens had scopes. */
  issueFull(username: string, name: string, by: Issuer): Promise<IssuedToken> {
    return this.issue(username, { name, scopes: [...ALL_SCOPES], days: DEFAULT_TOKEN_DAYS }, by)
  }

  private async write(
    staffId: string,
    owner: string,
    valid: { name: string; scopes: Scope[]; days: number },
    by: Issuer,
  ): Promise<IssuedToken> {
    const token = newSecret('vgl_')
    const now = nowDate(this.clock)
    const expiresAt = new Date(now.getTime() + valid.days * DAY)
    const id = await this.data.transaction(async repos => {
      const tokenId = await repos.apiTokens.insert({
        staffId,
        name: valid.name,
        tokenHash: digest(token),
        scopes: valid.scopes.join(' '),
        createdAt: now,
        expiresAt,
      })
      await repos.audit.append(now, [
        {
          actorId: by.id,
          actorUsername: by.username,
          operation: 'admin',
          recordType: 'api_token',
          recordId: tokenId,
          correlationId: by.correlationId ?? null,
          details: {
            action: 'create token',
            name: valid.name,
            owner,
            scopes: valid.scopes,
            expiresAt: expiresAt.toISOString(),
          },
        },
      ])
      return tokenId
    })
    return { token, id, name: valid.name, scopes: valid.scopes, expiresAt }
  }

  /** The actor's own live tokens. */
  async listOwn(actor: Actor): Promise<ApiTokenView[]> {
    return this.list(await this.data.repos.apiTokens.live(nowDate(this.clock), actor.id))
  }

  /** Everyone's live tokens, for an administrator (audited: it names who can reach the API). */
  async listAll(actor: Actor): Promise<ApiTokenView[]> {
    if (!canAdministerAccounts(actor)) throw new Forbidden('Only administrators see other people’s tokens')
    const now = nowDate(this.clock)
    const rows = await this.data.repos.apiTokens.live(now)
    await this.data.repos.audit.append(now, [
      {
        actorId: actor.id,
        actorUsername: actor.username,
        operation: 'admin',
        recordType: 'api_token',
        correlationId: actor.correlationId,
        details: { action: 'list tokens' },
      },
    ])
    return this.list(rows)
  }

  /** Live tokens of one user or of everyone, for the command line. */
  async listForOperator(username?: string): Promise<ApiTokenView[]> {
    const now = nowDate(this.clock)
    if (username === undefined) return this.list(await this.data.repos.apiTokens.live(now))
    const staff = await this.data.repos.auth.staffByUsername(username.trim().toLowerCase())
    if (!staff) throw new NotFound(`No user called ${username}`)
    return this.list(await this.data.repos.apiTokens.live(now, staff.id))
  }

  private list(
    rows: Array<{
      id: string
      name: string
      owner: string
      scopes: string
      createdAt: Date | string
      expiresAt: Date | string
      lastUsedAt: Date | string | null
    }>,
  ): ApiTokenView[] {
    return rows.map(r => ({
      id: r.id,
      name: r.name,
      owner: r.owner,
      scopes: storedScopes(r.scopes),
      createdAt: new Date(r.createdAt),
      expiresAt: new Date(r.expiresAt),
      lastUsedAt: r.lastUsedAt === null ? null : new Date(r.lastUsedAt),
    }))
  }

  /** Revokes a token: its owner may, and so may an administrator. Anyone else is told it does not exist. */
  async revoke(actor: Actor, tokenId: string): Promise<void> {
    await this.revokeAs(
      tokenId,
      { id: actor.id, username: actor.username, correlationId: actor.correlationId },
      t => t.staffId === actor.id || canAdministerAccounts(actor),
    )
  }

  /** Revokes a token from the command line. */
  async revokeAsOperator(tokenId: string, by: Issuer): Promise<void> {
    await this.revokeAs(tokenId, by, () => true)
  }

  private async revokeAs(
    tokenId: string,
    by: Issuer,
    mayRevoke: (token: { staffId: string }) => boolean,
  ): Promise<void> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tokenId))
      throw new NotFound('No such token')
    const now = nowDate(this.clock)
    await this.data.transaction(async repos => {
      const token = await repos.apiTokens.byId(tokenId)
      if (!token || !mayRevoke(token)) throw new NotFound('No such token')
      if (!(await repos.apiTokens.revoke(tokenId, now, by.id))) return
      await repos.audit.append(now, [
        {
          actorId: by.id,
          actorUsername: by.username,
          operation: 'admin',
          recordType: 'api_token',
          recordId: tokenId,
          correlationId: by.correlationId ?? null,
          details: { action: 'revoke token', name: token.name, owner: token.owner },
        },
      ])
    })
  }

  /** Revokes every token of a user inside the caller's transaction (with their sessions), audited. */
  async revokeAllOf(repos: Repositories, staffId: string, owner: string, by: Actor, at: Date): Promise<void> {
    const revoked = await repos.apiTokens.revokeAllOf(staffId, at, by.id)
    if (revoked === 0) return
    await repos.audit.append(at, [
      {
        actorId: by.id,
        actorUsername: by.username,
        operation: 'admin',
        recordType: 'api_token',
        recordId: staffId,
        correlationId: by.correlationId,
        details: { action: 'revoke all tokens', owner, count: revoked },
      },
    ])
  }

  /** The caller behind a bearer token, if the token is live and its owner may sign in; records its use. */
  async authenticate(token: string): Promise<ApiCaller | null> {
    const row = await this.data.repos.apiTokens.withUser(digest(token))
    const now = nowDate(this.clock)
    if (!row || row.revokedAt || !row.active) return null
    if (new Date(row.expiresAt) <= now) return null
    if (row.lockedUntil && new Date(row.lockedUntil) > now) return null
    await this.data.repos.apiTokens.touch(row.tokenId, now)
    return {
      user: {
        id: row.id,
        username: row.username,
        displayName: row.displayName,
        role: row.role,
        teamId: row.teamId,
        agency: row.agency,
      },
      tokenId: row.tokenId,
      scopes: storedScopes(row.scopes),
    }
  }
}
