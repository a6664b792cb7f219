// The 25 autonomous districts (gu) of Seoul, by KOSTAT code, as in
// shared/data/seoul-districts.geojson (properties code, name, name_eng).
// A static copy so the simulator and others need not parse the GeoJSON at run time.

export interface District {
  readonly code: string;
  readonly nameKo: string;
  readonly nameEn: string;
}

/** Sorted by code. */
export const DISTRICTS: readonly District[] = [
  { code: '11010', nameKo: '종로구', nameEn: 'Jongno-gu' },
  { code: '11020', nameKo: '중구', nameEn: 'Jung-gu' },
  { code: '11030', nameKo: '용산구', nameEn: 'Yongsan-gu' },
  { code: '11040', nameKo: '성동구', nameEn: 'Seongdong-gu' },
  { code: '11050', nameKo: '광진구', nameEn: 'Gwangjin-gu' },
  { code: '11060', nameKo: '동대문구', nameEn: 'Dongdaemun-gu' },
  { code: '11070', nameKo: '중랑구', nameEn: 'Jungnang-gu' },
  { code: '11080', nameKo: '성북구', nameEn: 'Seongbuk-gu' },
  { code: '11090', nameKo: '강북구', nameEn: 'Gangbuk-gu' },
  { code: '11100', nameKo: '도봉구', nameEn: 'Dobong-gu' },
  { code: '11110', nameKo: '노원구', nameEn: 'Nowon-gu' },
  { code: '11120', nameKo: '은평구', nameEn: 'Eunpyeong-gu' },
  { code: '11130', nameKo: '서대문구', nameEn: 'Seodaemun-gu' },
  { code: '11140', nameKo: '마포구', nameEn: 'Mapo-gu' },
  { code: '11150', nameKo: '양천구', nameEn: 'Yangcheon-gu' },
  { code: '11160', nameKo: '강서구', nameEn: 'Gangseo-gu' },
  { code: '11170', nameKo: '구로구', nameEn: 'Guro-gu' },
  { code: '11180', nameKo: '금천구', nameEn: 'Geumcheon-gu' },
  { code: '11190', nameKo: '영등포구', nameEn: 'Yeongdeungpo-gu' },
  { code: '11200', nameKo: '동작구', nameEn: 'Dongjak-gu' },
  { code: '11210', nameKo: '관악구', nameEn: 'Gwanak-gu' },
  { code: '11220', nameKo: '서초구', nameEn: 'Seocho-gu' },
  { code: '11230', nameKo: '강남구', nameEn: 'Gangnam-gu' },
  { code: '11240', nameKo: '송파구', nameEn: 'Songpa-gu' },
  { code: '11250', nameKo: '강동구', nameEn: 'Gangdong-gu' },
];

export const DISTRICT_CODES: readonly string[] = DISTRICTS.map((d) => d.code);

/** The whole-city pseudo district of the contract. */
export const CITY = 'city';
