import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Polygon } from '../domain/geography/pointInPolygon.ts'

/** A Lower-layer Super Output Area: ~1,500 residents, so picking LSOAs uniformly spreads people like the population. */
export interface Lsoa {
  code: string
  name: string
  districtCode: string
  wardName: string
  polygons: Polygon[]
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number }
}

export interface RealPostcode {
  postcode: string
  lsoaCode: string
  locality: string
  lat: number
  lon: number
}

export interface Geography {
  lsoas: Lsoa[]
  /** Real Trafford postcodes (ONS Postcode Directory), grouped by LSOA. */
  postcodesByLsoa: Map<string, RealPostcode[]>
}

interface LsoaFeature {
  properties: { area_code: string; area_name: string }
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown }
}

/** Reads Greater Manchester geography from shared/data/geography (public ONS/OS open data, OGL v3). */
export function loadGeography(sharedDataDir: string): Geography {
  const dir = join(sharedDataDir, 'geography')
  const wards = parse<Record<string, string>>(readFileSync(join(dir, 'gm_lsoa21_to_ward22_lad22_lookup.csv')), {
    columns: true,
  })
  const lookup = new Map(wards.map(w => [w.lsoa21cd ?? '', { district: w.lad22cd ?? '', ward: w.wd22nm ?? '' }]))
  const geojson = JSON.parse(readFileSync(join(dir, 'gm_lsoa_2021_super_generalised.geojson'), 'utf8')) as {
    features: LsoaFeature[]
  }
  const lsoas: Lsoa[] = []
  for (const f of geojson.features) {
    const info = lookup.get(f.properties.area_code)
    if (!info) continue
    const polygons = (
      f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates]
    ) as Polygon[]
    let minLon = Infinity
    let minLat = Infinity
    let maxLon = -Infinity
    let maxLat = -Infinity
    for (const polygon of polygons) {
      for (const [lon, lat] of polygon[0] ?? []) {
        minLon = Math.min(minLon, lon)
        maxLon = Math.max(maxLon, lon)
        minLat = Math.min(minLat, lat)
        maxLat = Math.max(maxLat, lat)
      }
    }
    lsoas.push({
      code: f.properties.area_code,
      name: f.properties.area_name,
      districtCode: info.district,
      wardName: info.ward,
      polygons,
      bbox: { minLon, minLat, maxLon, maxLat },
    })
  }
  lsoas.sort((a, b) => a.code.localeCompare(b.code))

  const postcodes = parse<Record<string, string>>(readFileSync(join(dir, 'trafford_postcodes_onspd_2025-02.csv')), {
    columns: true,
  })
  const postcodesByLsoa = new Map<string, RealPostcode[]>()
  for (const p of postcodes) {
    const lat = Number(p.lat)
    const lon = Number(p.lon)
    if (!p.postcode || !p.lsoa_code || !Number.isFinite(lat) || !Number.isFinite(lon)) continue
    const list = postcodesByLsoa.get(p.lsoa_code) ?? []
    list.push({ postcode: p.postcode, lsoaCode: p.lsoa_code, locality: p.msoa_hcl_name ?? '', lat, lon })
    postcodesByLsoa.set(p.lsoa_code, list)
  }
  for (const list of postcodesByLsoa.values()) list.sort((a, b) => a.postcode.localeCompare(b.postcode))
  return { lsoas, postcodesByLsoa }
}
