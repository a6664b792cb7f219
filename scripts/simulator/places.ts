// Geography the generators draw on: for each district a point well inside it and
// the radius of a circle around that point that stays inside the district
// (computed once from shared/data/seoul-districts.geojson: the pole of
// inaccessibility, radius shrunk by 15%), its resident population (thousands,
// approximate, 2024) to scale counts, a few real road names for addresses, and the
// short name its fire and police stations go by.

export interface Place {
  readonly lat: number;
  readonly lon: number;
  /** A circle of this radius around (lat, lon) lies inside the district. */
  readonly radiusKm: number;
  /** Residents, thousands. */
  readonly population: number;
  readonly roads: readonly string[];
  /** "Gangnam" in "Gangnam Fire Station". */
  readonly station: string;
}

export const PLACES: Readonly<Record<string, Place>> = {
  '11010': { lat: 37.6066, lon: 126.971, radiusKm: 1.23, population: 139, roads: ['Jong-ro', 'Sejong-daero', 'Yulgok-ro', 'Changgyeonggung-ro'], station: 'Jongno' },
  '11020': { lat: 37.5575, lon: 127.0086, radiusKm: 0.88, population: 120, roads: ['Eulji-ro', 'Toegye-ro', 'Dasan-ro', 'Namdaemun-ro'], station: 'Jungbu' },
  '11030': { lat: 37.5303, lon: 126.9817, radiusKm: 1.78, population: 213, roads: ['Hangang-daero', 'Itaewon-ro', 'Wonhyo-ro'], station: 'Yongsan' },
  '11040': { lat: 37.5488, lon: 127.0449, radiusKm: 1.5, population: 279, roads: ['Wangsimni-ro', 'Ttukseom-ro', 'Seongsuil-ro'], station: 'Seongdong' },
  '11050': { lat: 37.5433, lon: 127.0902, radiusKm: 1.5, population: 334, roads: ['Neungdong-ro', 'Achasan-ro', 'Gwangnaru-ro'], station: 'Gwangjin' },
  '11060': { lat: 37.5797, lon: 127.0583, radiusKm: 1.27, population: 343, roads: ['Wangsan-ro', 'Hoegi-ro', 'Cheonho-daero'], station: 'Dongdaemun' },
  '11070': { lat: 37.5968, lon: 127.0955, radiusKm: 1.53, population: 380, roads: ['Mangu-ro', 'Sagajeong-ro', 'Dongil-ro'], station: 'Jungnang' },
  '11080': { lat: 37.5932, lon: 127.0222, radiusKm: 1.32, population: 432, roads: ['Bomun-ro', 'Dongsomun-ro', 'Jeongneung-ro'], station: 'Seongbuk' },
  '11090': { lat: 37.6318, lon: 127.0192, radiusKm: 1.22, population: 285, roads: ['Dobong-ro', 'Samyang-ro', 'Solmae-ro'], station: 'Gangbuk' },
  '11100': { lat: 37.657, lon: 127.0357, radiusKm: 1.34, population: 305, roads: ['Banghak-ro', 'Madeul-ro', 'Dobong-ro'], station: 'Dobong' },
  '11110': { lat: 37.6684, lon: 127.0736, radiusKm: 1.66, population: 495, roads: ['Nowon-ro', 'Dongil-ro', 'Hwarang-ro'], station: 'Nowon' },
  '11120': { lat: 37.6226, lon: 126.9323, radiusKm: 1.61, population: 462, roads: ['Tongil-ro', 'Yeonseo-ro', 'Eunpyeong-ro'], station: 'Eunpyeong' },
  '11130': { lat: 37.5733, lon: 126.9382, radiusKm: 1.27, population: 308, roads: ['Yonsei-ro', 'Sinchon-ro', 'Yeonhui-ro'], station: 'Seodaemun' },
  '11140': { lat: 37.5536, lon: 126.9105, radiusKm: 1.26, population: 370, roads: ['World Cup-ro', 'Yanghwa-ro', 'Mapo-daero', 'Hongik-ro'], station: 'Mapo' },
  '11150': { lat: 37.5162, lon: 126.8674, radiusKm: 1.0, population: 434, roads: ['Mokdong-ro', 'Sinwol-ro', 'Omok-ro'], station: 'Yangcheon' },
  '11160': { lat: 37.5627, lon: 126.8195, radiusKm: 2.05, population: 560, roads: ['Gonghang-daero', 'Hwagok-ro', 'Yangcheon-ro'], station: 'Gangseo' },
  '11170': { lat: 37.488, lon: 126.8403, radiusKm: 1.05, population: 400, roads: ['Gurojungang-ro', 'Digital-ro', 'Gyeongin-ro'], station: 'Guro' },
  '11180': { lat: 37.446, lon: 126.9115, radiusKm: 0.9, population: 230, roads: ['Siheung-daero', 'Beotkkot-ro', 'Gasan digital 1-ro'], station: 'Geumcheon' },
  '11190': { lat: 37.5182, lon: 126.9086, radiusKm: 1.49, population: 375, roads: ['Yeoui-daero', 'Yeongjung-ro', 'Gukhoe-daero', 'Dorim-ro'], station: 'Yeongdeungpo' },
  '11200': { lat: 37.5026, lon: 126.9443, radiusKm: 1.11, population: 384, roads: ['Sangdo-ro', 'Noryangjin-ro', 'Dongjak-daero'], station: 'Dongjak' },
  '11210': { lat: 37.4632, lon: 126.9481, radiusKm: 1.96, population: 490, roads: ['Gwanak-ro', 'Nambusunhwan-ro', 'Sillim-ro'], station: 'Gwanak' },
  '11220': { lat: 37.4842, lon: 127.0092, radiusKm: 1.8, population: 410, roads: ['Seocho-daero', 'Banpo-daero', 'Hyoryeong-ro'], station: 'Seocho' },
  '11230': { lat: 37.5098, lon: 127.047, radiusKm: 1.7, population: 555, roads: ['Teheran-ro', 'Gangnam-daero', 'Dosan-daero', 'Yeongdong-daero'], station: 'Gangnam' },
  '11240': { lat: 37.5074, lon: 127.1136, radiusKm: 1.71, population: 655, roads: ['Olympic-ro', 'Songpa-daero', 'Baekjegobun-ro'], station: 'Songpa' },
  '11250': { lat: 37.5487, lon: 127.1432, radiusKm: 1.68, population: 462, roads: ['Cheonho-daero', 'Yangjae-daero', 'Gucheonmyeon-ro'], station: 'Gangdong' },
};

export function placeOf(code: string): Place {
  const place = PLACES[code];
  if (!place) throw new Error(`no place for district ${code}`);
  return place;
}

/** Sum of district populations, thousands: turns a city-wide count into a district's share. */
export const CITY_POPULATION = Object.values(PLACES).reduce((sum, p) => sum + p.population, 0);
