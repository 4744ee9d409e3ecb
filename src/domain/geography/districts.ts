/** The ten Greater Manchester districts (metropolitan boroughs) with their ONS codes. */
export const GM_DISTRICTS = [
  { code: 'E08000001', name: 'Bolton' },
  { code: 'E08000002', name: 'Bury' },
  { code: 'E08000003', name: 'Manchester' },
  { code: 'E08000004', name: 'Oldham' },
  { code: 'E08000005', name: 'Rochdale' },
  { code: 'E08000006', name: 'Salford' },
  { code: 'E08000007', name: 'Stockport' },
  { code: 'E08000008', name: 'Tameside' },
  { code: 'E08000009', name: 'Trafford' },
  { code: 'E08000010', name: 'Wigan' },
] as const

export type DistrictCode = (typeof GM_DISTRICTS)[number]['code']

/**
 * Postcode districts (outward codes) that lie mainly in each borough. Several straddle a boundary
 * (M16 Manchester/Trafford, M3 Manchester/Salford, OL5 Tameside/Oldham); each is listed under the
 * borough holding most of it. Used to place synthetic postcodes and to suggest a district for a
 * new address outside the real-postcode lookup.
 */
export const OUTWARD_CODES: Record<DistrictCode, readonly string[]> = {
  E08000001: ['BL1', 'BL2', 'BL3', 'BL4', 'BL5', 'BL6', 'BL7'],
  E08000002: ['BL0', 'BL8', 'BL9', 'M25', 'M26', 'M45'],
  E08000003: [
    'M1',
    'M2',
    'M4',
    'M8',
    'M9',
    'M11',
    'M12',
    'M13',
    'M14',
    'M15',
    'M16',
    'M18',
    'M19',
    'M20',
    'M21',
    'M22',
    'M23',
    'M40',
  ],
  E08000004: ['OL1', 'OL2', 'OL3', 'OL4', 'OL8', 'OL9', 'M35'],
  E08000005: ['OL10', 'OL11', 'OL12', 'OL15', 'OL16', 'M24'],
  E08000006: ['M3', 'M5', 'M6', 'M7', 'M27', 'M28', 'M30', 'M38', 'M44', 'M50'],
  E08000007: ['SK1', 'SK2', 'SK3', 'SK4', 'SK5', 'SK6', 'SK7', 'SK8'],
  E08000008: ['OL5', 'OL6', 'OL7', 'SK14', 'SK15', 'SK16', 'M34', 'M43'],
  E08000009: ['M17', 'M31', 'M32', 'M33', 'M41', 'WA14', 'WA15'],
  E08000010: ['WN1', 'WN2', 'WN3', 'WN4', 'WN5', 'WN6', 'WN7', 'M29', 'M46', 'WA3'],
}

const byOutward = new Map<string, DistrictCode>()
for (const [district, codes] of Object.entries(OUTWARD_CODES) as [DistrictCode, readonly string[]][]) {
  for (const code of codes) byOutward.set(code, district)
}

/** The GM district a postcode's outward code belongs to, or null when it is outside Greater Manchester. */
export function districtForOutwardCode(outward: string): DistrictCode | null {
  return byOutward.get(outward) ?? null
}

export function districtName(code: string): string | null {
  return GM_DISTRICTS.find(d => d.code === code)?.name ?? null
}
