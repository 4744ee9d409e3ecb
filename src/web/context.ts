// The actor helpers live in src/http (shared with the API); web routes keep importing them from here.
export { webActor } from '../http/actor.ts'
