import type { FastifyRequest } from 'fastify'
import type { Actor } from '../domain/access/actor.ts'
import { Unauthorised } from '../domain/errors.ts'
import type { SessionView, SignedInUser } from '../services/auth/authService.ts'
import { actorFor } from '../services/auth/authService.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in officer's session (web), or null. */
    session: SessionView | null
    /** The API caller (bearer token), or null. */
    apiUser: SignedInUser | null
  }
}

/** The actor for a web request: every service call needs one. Throws when nobody is signed in. */
export function webActor(request: FastifyRequest): Actor {
  if (!request.session?.mfaVerified) throw new Unauthorised('Sign in to continue')
  return actorFor(request.session.user, request.id)
}

/** The actor for an API request (the owner of the bearer token). Throws when no valid token was sent. */
export function apiActor(request: FastifyRequest): Actor {
  if (!request.apiUser) throw new Unauthorised('A valid API token is required')
  return actorFor(request.apiUser, request.id)
}
