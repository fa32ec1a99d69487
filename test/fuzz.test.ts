import fc from 'fast-check';
import type {
  GraphQLField,
  GraphQLFormattedError,
  GraphQLInputType,
  GraphQLNamedType,
} from 'graphql';
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLNullableType,
} from 'graphql';
import type { Identity } from '../src/auth/identity';
import { parseGlobalId, toGlobalId } from '../src/common/global-id';
import { testSchema, useTestApi } from './support/api';
import { gid } from './support/factories';
import { BASELINES, buildBaselineWorld, type BaselineWorld } from './support/mutation-baselines';
import { applicationTables, rowCounts } from './support/row-counts';

/**
 * Property-based tests of every mutation's arguments. Each run takes a call that succeeds (its
 * baseline, on fresh rows) and replaces one to three of its arguments or input fields, found by
 * walking the schema, with hostile values: random Unicode, control characters and NUL, lone
 * surrogates, SQL and HTML, very long text, impossible and reversed dates, malformed IDs and IDs
 * of the wrong type, out-of-range numbers, empty and huge lists, values of the wrong JSON type.
 *
 * Whatever comes in, the answer is a success or a client error (never an internal one), and a
 * refused mutation writes nothing: the exact row counts of every table are unchanged, the audit's
 * included (a committed update adds an `audit_change` row, so the counts see updates too).
 * Calls are made as an admin, who gets furthest into each mutation, and now and then as an editor.
 *
 * Reproduce a failure with the seed and path fast-check prints:
 * `FUZZ_SEED=… FUZZ_PATH=… npx jest test/fuzz.test.ts -t <mutation>`; `FUZZ_RUNS` runs more.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const PATH = process.env.FUZZ_PATH;

/** The codes a client may get back from a mutation; anything else is a bug. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
]);

const t = useTestApi();

/** A field left out of the variables altogether. */
const OMIT = Symbol('omit');

/** One of the IDs in the baseline's own variables: a row that exists, often of the wrong kind. */
class BaselineId {
  constructor(readonly index: number) {}
  [fc.toStringMethod]() {
    return `BaselineId(${this.index})`;
  }
}

/** A long repeated text, shown short in fast-check's reports. */
class Repeat {
  constructor(
    readonly unit: string,
    readonly times: number,
  ) {}
  [fc.toStringMethod]() {
    return `${JSON.stringify(this.unit)}.repeat(${this.times})`;
  }
}

/** A validFrom/validTo pair to merge into an input object. */
class Period {
  constructor(readonly fields: { validFrom: string; validTo: string }) {}
  [fc.toStringMethod]() {
    return `Period(${this.fields.validFrom} → ${this.fields.validTo})`;
  }
}

const NASTY_TEXT = [
  '',
  ' ',
  '\t\r\n',
  '\u0000',
  'før\u0000efter',
  '\uD800',
  'x\uDFFFy',
  '\u202Egnp.exe',
  '\uFEFF\u200B',
  '\u0007\u001b[31mrød',
  "'; drop table person; --",
  "' or '1'='1",
  '%_\\',
  '$1 ${name} {{7*7}}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'null',
  '__proto__',
  '-1',
  '1e309',
  'Ω≈ç√∫ 田中さんにあげて下さい ﷺ',
  'e\u0301\u0301\u0301',
];

const LONG_TEXT = [
  new Repeat('x', 201),
  new Repeat('x', 20_001),
  new Repeat('x', 100_000),
  new Repeat('😀', 150),
  new Repeat('e\u0301', 150),
  new Repeat(' ', 300),
  new Repeat('\u0000', 1_000),
];

const text: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('\u0000', '\uD83D', '\uDE00', "'", '"', '<', '\\'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 10,
  }),
  fc.constantFrom(...NASTY_TEXT),
  fc.constantFrom(...LONG_TEXT),
);

const NASTY_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-01-32',
  '-0001-01-01',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '+010000-01-01',
  '2024-1-1',
  '20240101',
  '2024-01-01T00:00:00Z',
  ' 2024-01-01',
  '2024-01-01\u0000',
  'infinity',
  '-infinity',
  'epoch',
  'today',
  '',
];

/** Calendar dates that exist, over the whole four-digit range. */
const realDate = fc
  .date({
    min: new Date('0000-01-01T00:00:00Z'),
    max: new Date('9999-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));

/** Dates near the baselines' own, so that order against them matters. */
const nearDate = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));

const date = fc.oneof(
  { weight: 3, arbitrary: nearDate },
  { weight: 1, arbitrary: realDate },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_DATES) },
  { weight: 1, arbitrary: text },
);

const integer = fc.oneof(
  fc.integer({ min: 1990, max: 2040 }),
  fc.integer(),
  fc.constantFrom(
    0,
    -1,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    1.5,
    1e308,
    Infinity,
    NaN,
    '2024',
  ),
);

/** Values of the wrong JSON type for any field. */
const wrongType = fc.constantFrom(42, -0, true, {}, [], [[]], { id: 'x' }, [null]);

/** IDs: the baseline's own (of another kind), existing rows of every type, and malformed ones. */
function idArbitrary(world: BaselineWorld): fc.Arbitrary<unknown> {
  const existing = [
    world.kommuneA,
    world.kommuneB,
    world.organization,
    world.colleague,
    world.topic,
    world.product,
    world.group,
    world.procurement,
    world.requirement,
  ].map(gid);
  const types = ['Person', 'Kommune', 'Topic', 'Group', 'Membership', 'AuditEvent', 'Nope'];
  const uuid = '4f0c1d8e-1b7a-4c1e-9a57-3a0b3c1f2e10';
  const malformed = [
    '',
    ' ',
    '0',
    uuid,
    'UGVyc29uOg',
    toGlobalId('Person', 'not-a-uuid'),
    toGlobalId('Person', `${uuid}\u0000`),
    toGlobalId('Person', `${uuid} `),
    toGlobalId('Person:Topic', uuid),
    toGlobalId('', uuid),
    `${toGlobalId('Person', uuid)}==`,
    Buffer.from(`Person:${uuid}`).toString('base64'),
    "'; drop table person; --",
    '\u0000',
    new Repeat('A', 201),
    new Repeat('A', 100_000),
  ];
  return fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((index) => new BaselineId(index)) },
    { weight: 3, arbitrary: fc.constantFrom(...existing) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...types), fc.uuid())
        .map(([type, id]) => toGlobalId(type, id)),
    },
    { weight: 3, arbitrary: fc.constantFrom(...malformed) },
    { weight: 1, arbitrary: text },
    { weight: 1, arbitrary: fc.integer() },
  );
}

/** Fuzzed values for an input type, derived from the schema. */
function valueFor(type: GraphQLInputType, world: BaselineWorld): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  return fc.oneof(
    { weight: 12, arbitrary: nonNullValueFor(inner, world) },
    { weight: 1, arbitrary: fc.constantFrom(null, OMIT) },
    { weight: 1, arbitrary: wrongType },
  );
}

function nonNullValueFor(type: GraphQLNullableType, world: BaselineWorld): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const item = valueFor(type.ofType as GraphQLInputType, world);
    return fc.oneof(
      fc.constant([]),
      fc.array(item, { minLength: 1, maxLength: 4 }),
      // A single value where a list goes: GraphQL coerces it to a list of one.
      item,
      fc.array(item, { minLength: 50, maxLength: 120 }),
    );
  }
  return namedValueFor(type as GraphQLNamedType, world);
}

function namedValueFor(type: GraphQLNamedType, world: BaselineWorld): fc.Arbitrary<unknown> {
  if (isEnumType(type)) {
    const names = type.getValues().map((value) => value.name);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.constantFrom('', 'NOT_A_VALUE', names[0].toLowerCase()) },
      { weight: 1, arbitrary: text },
    );
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return fc.record(
      Object.fromEntries(fields.map((field) => [field.name, valueFor(field.type, world)])),
      { requiredKeys: [] },
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'String':
        return text;
      case 'ID':
        return idArbitrary(world);
      case 'LocalDate':
        return date;
      case 'Int':
        return integer;
      case 'Boolean':
        return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    }
  }
  throw new Error(
    `No fuzzed values for the input type ${type.name}: add them to test/fuzz.test.ts`,
  );
}

/** Where a fuzzed value goes in the variables, and the values it may take. */
interface Leaf {
  path: readonly (string | number)[];
  values: fc.Arbitrary<unknown>;
}

/** Every argument and input field of a mutation (into the first item of lists of inputs). */
function leavesOf(mutation: GraphQLField<unknown, unknown>, world: BaselineWorld): Leaf[] {
  const visit = (path: readonly (string | number)[], type: GraphQLInputType): Leaf[] => {
    const leaves: Leaf[] = [{ path, values: valueFor(type, world) }];
    const nullable = isNonNullType(type) ? type.ofType : type;
    const named = isListType(nullable) ? nullable.ofType : nullable;
    const object = isNonNullType(named) ? named.ofType : named;
    if (isInputObjectType(object)) {
      const prefix = isListType(nullable) ? [...path, 0] : path;
      const fields = Object.values(object.getFields());
      for (const field of fields) leaves.push(...visit([...prefix, field.name], field.type));
      leaves.push(
        ...reversedPeriods(
          prefix,
          fields.map((field) => field.name),
        ),
      );
    }
    return leaves;
  };
  return mutation.args.flatMap((arg) => visit([arg.name], arg.type));
}

/** A period given backwards, or empty: `validTo` on or before `validFrom`. */
function reversedPeriods(prefix: readonly (string | number)[], fields: string[]): Leaf[] {
  if (!fields.includes('validFrom') || !fields.includes('validTo')) return [];
  return [
    {
      path: prefix,
      values: fc
        .tuple(nearDate, nearDate)
        .map(
          ([a, b]) =>
            new Period(a <= b ? { validFrom: b, validTo: a } : { validFrom: a, validTo: b }),
        ),
    },
  ];
}

/** The global IDs in the baseline's variables, in order. */
function idsIn(value: unknown): string[] {
  if (typeof value === 'string') return parseGlobalId(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(idsIn);
  return [];
}

/** A fuzzed value as it is sent: stand-ins replaced, omitted fields and items dropped. */
function materialize(value: unknown, ids: readonly string[]): unknown {
  if (value instanceof BaselineId) return ids[value.index % ids.length];
  if (value instanceof Repeat) return value.unit.repeat(value.times);
  if (Array.isArray(value)) {
    return value.filter((item) => item !== OMIT).map((item) => materialize(item, ids));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== OMIT)
        .map(([key, item]) => [key, materialize(item, ids)]),
    );
  }
  return value;
}

/** An error in a few lines: its code, its message and (in tests) the original error's message. */
function summary(error: GraphQLFormattedError): string {
  const detail = String(error.extensions?.detail ?? '');
  const short = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…` : text);
  return `${String(error.extensions?.code)}: ${short(error.message)} ${short(detail)}`;
}

interface Change {
  path: readonly (string | number)[];
  value: unknown;
}

/** The baseline's variables with the changes made; a period change merges into its object. */
function applyChanges(
  variables: Record<string, unknown>,
  changes: readonly Change[],
): Record<string, unknown> {
  const result = structuredClone(variables);
  const ids = idsIn(variables);
  for (const { path, value } of changes) {
    let parent: Record<string | number, unknown> = result;
    for (const [index, key] of path.slice(0, -1).entries()) {
      const child = parent[key];
      if (child === null || typeof child !== 'object') {
        parent[key] = typeof path[index + 1] === 'number' ? [] : {};
      }
      parent = parent[key] as Record<string | number, unknown>;
    }
    const last = path.at(-1)!;
    if (value === OMIT) {
      delete parent[last];
    } else if (value instanceof Period) {
      const object = parent[last];
      parent[last] = {
        ...(object !== null && typeof object === 'object' ? object : {}),
        ...value.fields,
      };
    } else {
      parent[last] = materialize(value, ids);
    }
  }
  return result;
}

/** Who calls: the test admin, or someone else. */
type Caller = 'admin' | Identity;

/** Mostly the secretariat, who may do everything; sometimes an editor of kommune A. */
function callerArbitrary(world: BaselineWorld): fc.Arbitrary<Caller> {
  return fc.constantFrom<Caller>('admin', 'admin', 'admin', {
    subject: 'fuzz-editor',
    role: 'editor',
    kommuneCode: world.kommuneA.code,
  });
}

describe('fuzzed mutation arguments', () => {
  let world: BaselineWorld;
  let tables: string[];

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    world = await buildBaselineWorld(em, t.api);
    tables = await applicationTables(em);
  });

  /** Runs a baseline with the changes made, and checks the answer and the tables. */
  async function check(name: string, changes: readonly Change[], caller: Caller = 'admin') {
    const em = t.db.orm.em.fork();
    const baseline = await BASELINES[name](em, world);
    const variables = applyChanges(baseline.variables, changes);
    const before = await rowCounts(em, tables);
    const api = caller === 'admin' ? t.api : t.api.as(caller);
    const result = await api.run(baseline.query, variables);
    const unexpected = (result.errors ?? []).filter(
      (error) => !CLIENT_CODES.has(String(error.extensions?.code)),
    );
    if (unexpected.length > 0) {
      throw new Error(`${name} failed: ${unexpected.map(summary).join('; ')}`);
    }
    if (result.errors?.length) {
      expect(result.data?.[name] ?? null).toBeNull();
      expect(await rowCounts(em, tables)).toEqual(before);
    }
    return result;
  }

  it('has a baseline for every mutation in the schema, and none for mutations that are gone', async () => {
    const mutations = Object.keys((await testSchema()).getMutationType()!.getFields()).sort();
    expect(Object.keys(BASELINES).sort()).toEqual(mutations);
  });

  it.each(Object.keys(BASELINES))(
    '%s: the baseline succeeds, with a variable for each argument',
    async (name) => {
      const mutation = (await testSchema()).getMutationType()!.getFields()[name];
      const baseline = await BASELINES[name](t.db.orm.em.fork(), world);
      expect(Object.keys(baseline.variables).sort()).toEqual(
        mutation.args.map((arg) => arg.name).sort(),
      );
      expect((await check(name, [])).errors).toBeUndefined();
    },
  );

  it.each(Object.keys(BASELINES))(
    '%s answers fuzzed arguments with a client error or a success, and a refusal writes nothing',
    async (name) => {
      const mutation = (await testSchema()).getMutationType()!.getFields()[name];
      const leaves = leavesOf(mutation, world);
      const changes = fc
        .subarray(leaves, { minLength: 1, maxLength: Math.min(3, leaves.length) })
        .chain((chosen) =>
          fc.tuple(
            ...chosen.map((leaf) =>
              leaf.values.map((value): Change => ({ path: leaf.path, value })),
            ),
          ),
        );
      await fc.assert(
        fc.asyncProperty(changes, callerArbitrary(world), async (chosen, caller) => {
          await check(name, chosen, caller);
        }),
        // Shrinking a failure may take long; the best counterexample so far is then reported.
        { seed: SEED, numRuns: RUNS, path: PATH, interruptAfterTimeLimit: 60_000 },
      );
    },
    120_000,
  );

  /** What the fuzzing found once, checked on every run whatever the seed. */
  const FINDINGS: [string, string, Change[]][] = [
    ['a NUL character in a name', 'createPerson', [{ path: ['input', 'name'], value: 'a\u0000b' }]],
    ['a NUL character in a note', 'endAffiliation', [{ path: ['input', 'note'], value: '\u0000' }]],
    ['an unpaired surrogate', 'updateTopic', [{ path: ['input', 'labelDa'], value: '\uD800' }]],
    [
      'a NUL character in a list',
      'createPerson',
      [{ path: ['input', 'languages'], value: ['d\u0000'] }],
    ],
    ['a NUL character in an ID', 'erasePerson', [{ path: ['personId'], value: '\u0000' }]],
    ['the year 0000', 'addAffiliation', [{ path: ['input', 'validFrom'], value: '0000-01-01' }]],
    ['the year 0000 as an end', 'endGroup', [{ path: ['input', 'on'], value: '0000-12-31' }]],
    [
      'more than 50 invalid list items',
      'createGroup',
      [{ path: ['input', 'topicIds'], value: Array.from({ length: 60 }, () => ({})) }],
    ],
  ];

  it.each(FINDINGS)('refuses %s with BAD_USER_INPUT (%s)', async (_what, name, changes) => {
    const result = await check(name, changes);
    expect(result.errors?.map((error) => error.extensions?.code)).toContain('BAD_USER_INPUT');
  });

  /** Also found by the fuzzing: valid input that once failed inside the database. */
  const ACCEPTED: [string, string, Change[]][] = [
    [
      'a note from the year 1',
      'updateKnowledgeItem',
      [{ path: ['input', 'occurredOn'], value: '0001-01-01' }],
    ],
    [
      'a claim that ended in the year 600',
      'addExperienceClaim',
      [{ path: ['input'], value: new Period({ validFrom: '0500-01-01', validTo: '0600-01-01' }) }],
    ],
  ];

  it.each(ACCEPTED)('accepts %s (%s)', async (_what, name, changes) => {
    expect((await check(name, changes)).errors).toBeUndefined();
  });
});
