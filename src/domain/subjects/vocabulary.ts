/** The words the register is kept in: the values a subject's record can take. The database stores exactly these. */

// Risk levels are the risk domain's, spelled once there.
export type { RiskLevel } from '../risk/levels.ts'
export type SubjectCategory = 'rso' | 'rasso_suspect'
export type SubjectStatus = 'active' | 'in_custody' | 'reactive' | 'ended'
export type Gender = 'male' | 'female' | 'other' | 'unknown'
export type AddressKind = 'home' | 'other' | 'nfa'
