// A configuration problem line, as the loader writes it
// ("office.yaml: http.port: expected a value ≤ 65535, found 99999 (number)"),
// split for the safe-mode page into its key, its English text and a Korean
// reading of the common shapes. Values of secret-looking keys are hidden: the
// page is shown on a wall.
import { SECRET_KEY_NAME } from '../config/secret.js';

export interface ProblemView {
  /** The key path ("http.port"), "environment: SCPM_HTTP_PORT" (with the key it sets, when known), "line 3", or "" when the line names none. */
  key: string;
  en: string;
  ko: string;
}


const TYPE_KO: Record<string, string> = {
  'a number': '숫자', text: '문자열', 'true or false': '참/거짓(true/false)', 'a mapping': '매핑', 'a list': '목록', 'a whole number': '정수',
};

/** The found value without the loader's "(text)" / "(number)" note. */
const bare = (found: string) => found.replace(/ \((text|number|boolean)\)$/, '');

const GLOSSES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^expected a value \u2264 (.+?), found (.+)$/u, (m) => `${m[1]} 이하의 값이어야 합니다 (현재 값: ${bare(m[2]!)})`],
  [/^expected a value \u2265 (.+?), found (.+)$/u, (m) => `${m[1]} 이상의 값이어야 합니다 (현재 값: ${bare(m[2]!)})`],
  [/^expected at least (\d+) characters, found (.+)$/, (m) => `${m[1]}자 이상이어야 합니다 (현재: ${bare(m[2]!)})`],
  [/^expected at most (\d+) characters, found (.+)$/, (m) => `${m[1]}자 이하여야 합니다 (현재: ${bare(m[2]!)})`],
  [/^expected at least (\d+) items, found (.+)$/, (m) => `항목이 ${m[1]}개 이상이어야 합니다`],
  [/^expected at most (\d+) items, found (.+)$/, (m) => `항목이 ${m[1]}개 이하여야 합니다`],
  [/^expected one of (.+?), found (.+)$/, (m) => `다음 중 하나여야 합니다: ${m[1]} (현재 값: ${bare(m[2]!)})`],
  [/^expected a whole number, found (.+)$/, (m) => `정수여야 합니다 (현재 값: ${bare(m[1]!)})`],
  [/^expected text, \{env: VAR_NAME\} or \{file: \/path\}, found (.+)$/, (m) => `문자열, {env: 변수이름} 또는 {file: 경로} 형식이어야 합니다 (현재: ${bare(m[1]!)})`],
  [/^expected (a number|text|true or false|a mapping|a list), found (.+)$/, (m) => `${TYPE_KO[m[1]!]} 형식이어야 합니다 (현재: ${bare(m[2]!)})`],
  [/^unknown keys? (.+?) \(check the spelling.*$/, (m) => `알 수 없는 키입니다: ${m[1]} (철자를 확인하세요)`],
  [/^expected a slug .*, found (.+)$/, (m) => `영문자, 숫자, "-", "_", "."만으로 된 1~64자여야 합니다 (현재 값: ${bare(m[1]!)})`],
  [/^expected an mqtt:\/\/ or mqtts:\/\/ URL with a port from 1 to 65535, found (.+)$/, (m) => `mqtt:// 또는 mqtts:// 주소의 포트는 1~65535여야 합니다 (현재 값: ${bare(m[1]!)})`],
  [/^expected an mqtt:\/\/ or mqtts:\/\/ URL with a host name or address, found (.+)$/, (m) => `mqtt:// 또는 mqtts:// 주소에 호스트 이름이나 IP 주소가 있어야 합니다 (현재 값: ${bare(m[1]!)})`],
  [/^expected an mqtt:\/\/ or mqtts:\/\/ URL without a path, .*, found (.+)$/, (m) => `mqtt:// 또는 mqtts:// 주소에는 경로, ?쿼리, #조각을 쓰지 않습니다. 클라이언트 ID와 인증 정보는 각자의 키로 설정하세요 (현재 값: ${bare(m[1]!)})`],
  [/^expected .*mqtt.*, found (.+)$/i, (m) => `mqtt:// 또는 mqtts:// 주소여야 합니다 (현재 값: ${bare(m[1]!)})`],
  [/^cannot read the file \((.+?)\).*$/, (m) => `설정 파일을 읽을 수 없습니다 (${m[1]}). SCPM_CONFIG 경로를 확인하세요`],
  [/^expected (.+?), found (.+)$/, (m) => `값이 올바르지 않습니다 (기대: ${m[1]}; 현재: ${bare(m[2]!)})`],
];

/** Hides the found value of a secret-looking key. */
function redact(key: string, text: string): string {
  return SECRET_KEY_NAME.test(key) ? text.replace(/, found .+$/, ', found (hidden)') : text;
}

/** Splits one loader line. `file` is the config path the lines start with. */
export function problemView(line: string, file: string): ProblemView {
  let rest = line.startsWith(`${file}: `) ? line.slice(file.length + 2) : line;
  let key = '';
  const env = /^environment: (SCPM_[A-Z0-9_]+(?: \([A-Za-z0-9_.]+\))?): (.*)$/.exec(rest);
  const yamlLine = /^(line [0-9?]+)(?:, column \d+)?: (.*)$/.exec(rest);
  const keyed = /^((?:\(top level\)|[A-Za-z0-9_$[\].-]+)): (.*)$/.exec(rest);
  if (env) { key = `environment: ${env[1]}`; rest = env[2]!; }
  else if (yamlLine) { key = yamlLine[1]!; rest = yamlLine[2]!; }
  else if (keyed) { key = keyed[1]!; rest = keyed[2]!; }
  const en = redact(key, rest);
  let ko = yamlLine ? `YAML 문법 오류 (${yamlLine[1]!.replace('line ', '')}번째 줄): ${en}` : '';
  if (!ko) {
    for (const [re, say] of GLOSSES) {
      const m = re.exec(en);
      if (m) { ko = say(m); break; }
    }
  }
  return { key, en, ko: ko || `설정 값에 문제가 있습니다: ${en}` };
}
