import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../../common/validation';
import { today } from '../../db/base.entity';
import { fieldKey } from './import.parse';

/**
 * Reads the fields of one record, under any of their accepted names, and collects what is wrong
 * with them, each problem naming its field, so a rejected row says everything at once.
 */
export class RecordReader {
  readonly problems: string[] = [];

  constructor(private readonly fields: Record<string, unknown>) {}

  /** The raw value under the first of `names` (compared as {@link fieldKey}s) that is present. */
  raw(names: readonly string[]): unknown {
    for (const name of names) {
      const value = this.fields[fieldKey(name)];
      if (value !== undefined && value !== null && value !== '') return value;
    }
    return undefined;
  }

  /** A text, trimmed; blank is absent. Too long, or not text, is a problem. */
  text(label: string, names: readonly string[], max = MAX_NAME_LENGTH): string | undefined {
    const value = this.raw(names);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.problems.push(`${label} must be text`);
      return undefined;
    }
    const text = String(value).trim();
    if (text === '') return undefined;
    if (text.length > max) {
      this.problems.push(`${label} is longer than ${max} characters`);
      return undefined;
    }
    if (!storable(text)) {
      this.problems.push(`${label} holds characters that cannot be stored`);
      return undefined;
    }
    return text;
  }

  /** A required text: missing is a problem. */
  required(label: string, names: readonly string[], max = MAX_NAME_LENGTH): string | undefined {
    const text = this.text(label, names, max);
    if (text === undefined && !this.problems.some((problem) => problem.startsWith(label))) {
      this.problems.push(`${label} is missing`);
    }
    return text;
  }

  /** Long free text (requirement text, rationale). */
  longText(label: string, names: readonly string[]): string | undefined {
    return this.text(label, names, MAX_TEXT_LENGTH);
  }

  /** A date as `YYYY-MM-DD`, read from ISO or Danish (`DD-MM-YYYY`, `DD.MM.YYYY`, `DD/MM/YYYY`). */
  date(label: string, names: readonly string[]): string | undefined {
    const value = this.text(label, names);
    if (value === undefined) return undefined;
    const date = parseDate(value);
    if (!date) this.problems.push(`${label} "${value}" is not a date (use YYYY-MM-DD)`);
    return date;
  }

  /** Yes or no: true/false, ja/nej, yes/no, 1/0, x; blank is unknown. */
  boolean(label: string, names: readonly string[]): boolean | undefined {
    const value = this.raw(names);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    const text = String(value).trim().toLowerCase();
    if (['true', 'ja', 'yes', '1', 'x', 'j', 'y'].includes(text)) return true;
    if (['false', 'nej', 'no', '0', 'n'].includes(text)) return false;
    this.problems.push(`${label} "${String(value)}" is not yes or no`);
    return undefined;
  }

  /** A list: a JSON array, or one cell with the items separated by `|`, `;` or `,`. */
  list(label: string, names: readonly string[]): string[] | undefined {
    const value = this.raw(names);
    if (value === undefined) return undefined;
    const items = Array.isArray(value) ? value : String(value).split(/[|;,]/);
    const list: string[] = [];
    for (const item of items) {
      if (typeof item !== 'string' && typeof item !== 'number') {
        this.problems.push(`${label} must be a list of texts`);
        return undefined;
      }
      const text = String(item).trim();
      if (text === '') continue;
      if (text.length > MAX_NAME_LENGTH) {
        this.problems.push(`${label} holds an item longer than ${MAX_NAME_LENGTH} characters`);
        return undefined;
      }
      if (!storable(text)) {
        this.problems.push(`${label} holds characters that cannot be stored`);
        return undefined;
      }
      if (!list.includes(text)) list.push(text);
    }
    if (list.length > 50) {
      this.problems.push(`${label} holds more than 50 items`);
      return undefined;
    }
    return list;
  }

  /**
   * One of an enum's values, in any case, or a Danish word for it (`aliases`, compared as
   * {@link fieldKey}s: "Sekretær" → `sekretaer`).
   */
  oneOf<T extends string>(
    label: string,
    names: readonly string[],
    values: readonly T[],
    aliases: Record<string, T> = {},
  ): T | undefined {
    const value = this.text(label, names);
    if (value === undefined) return undefined;
    const key = fieldKey(value);
    const found = values.find((item) => fieldKey(item) === key) ?? aliases[key];
    if (!found) {
      this.problems.push(`${label} "${value}" is not one of ${values.join(', ')}`);
    }
    return found;
  }

  /** An e-mail address, lower-cased. */
  email(label: string, names: readonly string[]): string | undefined {
    const value = this.text(label, names, 254);
    if (value === undefined) return undefined;
    if (!EMAIL.test(value)) {
      this.problems.push(`${label} "${value}" is not an e-mail address`);
      return undefined;
    }
    return value.toLowerCase();
  }

  /**
   * A validity period: `to`, when given, must come after `from`; without `from` (which then
   * defaults to today) it must come after today, else the start date is needed. `columns` names
   * the start and end columns for the reason.
   */
  period(
    label: string,
    from: string | undefined,
    to: string | undefined,
    columns: [from: string, to: string],
  ): void {
    if (from && to && to <= from) {
      this.problems.push(`${label} ends (${to}) before it starts (${from})`);
    } else if (!from && to && to <= today()) {
      this.problems.push(
        `${label} has ended (${columns[1]} ${to}) but ${columns[0]} (startdato) is missing: give the date it started`,
      );
    }
  }

  /** A problem the caller found itself (an unknown kommune, say). */
  problem(message: string): void {
    this.problems.push(message);
  }
}

/** PostgreSQL text holds neither NUL nor a lone surrogate (half a UTF-16 pair). */
const storable = (text: string) => !text.includes('\u0000') && !/\p{Cs}/u.test(text);

const EMAIL = /^[^\s@",;<>()]+@[^\s@",;<>()]+\.[^\s@",;<>()]+$/;

/** `YYYY-MM-DD` for a real calendar day in ISO or Danish day-first form, else `undefined`. */
export function parseDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const danish = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(value);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : danish
      ? [Number(danish[3]), Number(danish[2]), Number(danish[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year) || year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A kommune code as stored: four digits, so the 3-digit form of many exports ("751") fits. */
export function kommuneCode(value: string): string {
  return /^\d{1,4}$/.test(value) ? value.padStart(4, '0') : value;
}

/** PostgreSQL's literal for a `text[]` (safe for any text: each item quoted and escaped). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
