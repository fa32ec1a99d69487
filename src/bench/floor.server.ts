import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { parseGlobalId } from '../common/global-id';
import { serveInChild } from './child';

/**
 * The floor: what the cheapest server could do for the same answers. Plain `http` and `pg`, no
 * framework, no GraphQL and no authentication; one prepared statement per request in which
 * PostgreSQL builds the JSON the GraphQL server returns for `PERSON` and `GROUP` (see
 * `queries.ts`). `GET /person/<id>` and `GET /group/<id>` take the same global IDs.
 */

/** The Relay global ID of `column`'s row of `type`, as `toGlobalId` makes it (base64url). */
const globalId = (type: string, column: string) =>
  `translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** Valid today, as the API's default `period: CURRENT`. */
const current = (alias: string) =>
  `${alias}.valid_from <= current_date and (${alias}.valid_to is null or ${alias}.valid_to > current_date)`;

const PERSON_SQL = `
  select json_build_object(
    'id', ${globalId('Person', 'p.id')}, 'name', p.name, 'title', p.title, 'status', p.status,
    'openToQuestions', p.open_to_questions,
    'affiliations', coalesce((
      select json_agg(json_build_object(
        'id', ${globalId('Affiliation', 'a.id')}, 'title', a.title, 'unit', a.unit,
        'validFrom', a.valid_from, 'validTo', a.valid_to,
        'kommune', case when k.id is null then null else json_build_object(
          'id', ${globalId('Kommune', 'k.id')}, 'code', k.code, 'name', k.name, 'region', k.region) end
      ) order by a.valid_from desc)
      from affiliation a left join kommune k on k.id = a.kommune_id
      where a.person_id = p.id and ${current('a')}), '[]'))::text as json
  from person p where p.id = $1`;

/** The order `byRole` lists members in. */
const ROLE_ORDER = `array['TOVHOLDER', 'KOORDINATOR', 'FORMAND', 'SEKRETAER', 'MEDLEM', 'LEVERANDOERREPRAESENTANT']`;

const GROUP_SQL = `
  select json_build_object(
    'id', ${globalId('Group', 'g.id')}, 'name', g.name, 'kind', g.kind, 'validFrom', g.valid_from,
    'members', coalesce((
      select json_agg(json_build_object(
        'id', ${globalId('Membership', 'm.id')}, 'role', m.role, 'validFrom', m.valid_from,
        'person', json_build_object('id', ${globalId('Person', 'p.id')}, 'name', p.name, 'title', p.title)
      ) order by array_position(${ROLE_ORDER}, m.role), m.valid_from)
      from membership m join person p on p.id = m.person_id
      where m.group_id = g.id and ${current('m')}), '[]'))::text as json
  from "group" g where g.id = $1`;

const ROUTES: Record<string, { field: string; type: string; sql: string }> = {
  person: { field: 'person', type: 'Person', sql: PERSON_SQL },
  group: { field: 'group', type: 'Group', sql: GROUP_SQL },
};

serveInChild(async () => {
  if (!process.env.DATABASE_URL) throw new Error('floor.server needs DATABASE_URL');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const server = http.createServer((req, res) => {
    const [, route, id] = req.url?.split('/') ?? [];
    const handler = ROUTES[route];
    const parsed = id ? parseGlobalId(decodeURIComponent(id)) : null;
    if (!handler || !parsed || parsed.type !== handler.type) {
      res.writeHead(404).end();
      return;
    }
    pool
      .query<{ json: string }>({ name: route, text: handler.sql, values: [parsed.id] })
      .then(({ rows }) => {
        const body = `{"data":{"${handler.field}":${rows[0]?.json ?? 'null'}}}`;
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      })
      .catch((error: Error) => {
        res.writeHead(500).end(error.message);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
});
