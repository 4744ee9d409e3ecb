/** The words the register is kept in: the values a subject's record can take. The database stores exactly these. */

export type RiskLevel = 'low' | 'medium' | 'high' | 'very_high'
export type SubjectCategory = 'rso' | 'rasso_suspect'
export type SubjectStatus = 'active' | 'in_custody' | 'reactive' | 'ended'
export type Gender = 'male' | 'female' | 'other' | 'unknown'
export type AddressKind = 'home' | 'other' | 'nfa'
