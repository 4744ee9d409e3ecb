/** How the court (or police) dealt with the Schedule 3 offence: the rows of the s.82(1) table. */
export const DISPOSALS = [
  'imprisonment',
  'life',
  'ipp',
  'hospital-order-restricted',
  'hospital-order',
  'caution',
  'conditional-discharge',
  'other',
] as const

export type Disposal = (typeof DISPOSALS)[number]

export const isDisposal = (value: unknown): value is Disposal =>
  typeof value === 'string' && (DISPOSALS as readonly string[]).includes(value)
