/** [longitude, latitude] pairs, as in GeoJSON (WGS84). */
export type Ring = ReadonlyArray<readonly [number, number]>
export type Polygon = ReadonlyArray<Ring>

/** Even–odd ray casting over every ring, so holes in a polygon count as outside. */
export function pointInPolygon(lon: number, lat: number, polygon: Polygon): boolean {
  let inside = false
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]
      const b = ring[j]
      if (!a || !b) continue
      const crosses = a[1] > lat !== b[1] > lat && lon < ((b[0] - a[0]) * (lat - a[1])) / (b[1] - a[1]) + a[0]
      if (crosses) inside = !inside
    }
  }
  return inside
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const R = 6_371_000
  const toRad = (d: number) => (d * Math.PI) / 180
  const dLat = toRad(b.lat - a.lat)
  const dLon = toRad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(h))
}
