import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import land from 'world-atlas/land-110m.json';
import type { Place } from '../../../contracts/types.generated.ts';

// Equirectangular: x = longitude + 180, y = 90 - latitude. The outline is bundled (Natural Earth
// 1:110m land, from world-atlas): the map loads nothing at run time.
const TOP = 6;
const HEIGHT = 150;

let outline: string | null = null;

function landPath(): string {
  if (outline !== null) return outline;
  const topology = land as unknown as Topology<{ land: GeometryObject }>;
  const geometry = feature(topology, topology.objects.land);
  const polygons = 'features' in geometry ? geometry.features.map((f) => f.geometry) : [geometry.geometry];
  const rings: number[][][] = [];
  for (const shape of polygons) {
    if (shape.type === 'Polygon') rings.push(...shape.coordinates);
    else if (shape.type === 'MultiPolygon') for (const polygon of shape.coordinates) rings.push(...polygon);
  }
  outline = rings.map((ring) => `M${ring.map(([lon, lat]) => `${(lon! + 180).toFixed(1)},${(90 - lat!).toFixed(1)}`).join('L')}Z`).join('');
  return outline;
}

export interface MapPlace {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** Places with coordinates, once per name: the article's own and the enricher's geocoded ones. */
export function placesToMap(places: readonly Place[]): MapPlace[] {
  const seen = new Map<string, MapPlace>();
  for (const place of places) {
    if (place.latitude === null || place.longitude === null || seen.has(place.name)) continue;
    seen.set(place.name, { name: place.name, latitude: place.latitude, longitude: place.longitude });
  }
  return [...seen.values()];
}

export function WorldMap({ places }: { places: readonly MapPlace[] }) {
  if (places.length === 0) return <p class="muted">No place with coordinates.</p>;
  const label = `World map with ${places.map((p) => p.name).join(', ')}`;
  return (
    <figure class="map">
      <svg viewBox={`0 ${TOP} 360 ${HEIGHT}`} role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <rect x="0" y={TOP} width="360" height={HEIGHT} class="sea" />
        <path d={landPath()} class="land" />
        {places.map((place) => (
          <g key={place.name} class="pin">
            <circle cx={place.longitude + 180} cy={90 - place.latitude} r="3" />
            <title>{place.name}</title>
          </g>
        ))}
      </svg>
      <figcaption>{places.map((p) => `${p.name} (${p.latitude.toFixed(2)}, ${p.longitude.toFixed(2)})`).join(' · ')}</figcaption>
    </figure>
  );
}
