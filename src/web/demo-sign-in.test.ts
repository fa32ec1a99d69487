import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { useTestApi } from '../../test/support/api';
import { createTokenVerifier } from '../auth/tokens';
import { createDemoDirectory } from './demo-directory';
import { mountWebApp } from './web';

const SECRET = 'a-local-secret-of-at-least-32-characters!';

/**
 * The demo sign-in acting as a person or a kommune's editor, over the seeded demo network: the
 * people and kommuner it offers are the database's, and the tokens it signs name them so that
 * the API's `viewer` says who is signed in.
 */
describe('the demo sign-in as a person or a kommune’s editor', () => {
  const context = useTestApi('seeded');
  let url = '';
  let server: http.Server;

  beforeAll(async () => {
    const app = express();
    mountWebApp(app, {
      distDir: '/nonexistent',
      demoSecret: SECRET,
      demoDirectory: createDemoDirectory(context.db.orm),
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: unknown) =>
    fetch(`${url}/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function viewerOf(token: string) {
    const identity = await createTokenVerifier({ secret: SECRET })(`Bearer ${token}`);
    const { viewer } = await context.api.as(identity).ok<{
      viewer: { role: string; person: { name: string } | null; kommune: { name: string } | null };
    }>('{ viewer { role person { name } kommune { name } } }');
    return viewer;
  }

  it('lists the network’s people by name and all 98 kommuner', async () => {
    const response = await fetch(`${url}/auth/demo`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as {
      people: { id: string; name: string }[];
      kommuner: { code: string; name: string }[];
    };
    expect(body.people.length).toBeGreaterThan(5);
    const names = body.people.map((person) => person.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'da')));
    expect(body.people.map((person) => person.name)).toContain('Lars Lyngsøe Højberg');
    expect(body.kommuner).toHaveLength(98);
    expect(body.kommuner).toContainEqual({ code: '0751', name: 'Aarhus' });
  });

  it('signs in as a chosen person: a member the API knows as that person', async () => {
    const { people } = (await (await fetch(`${url}/auth/demo`)).json()) as {
      people: { id: string; name: string }[];
    };
    const lars = people.find((person) => person.name === 'Lars Lyngsøe Højberg')!;
    const response = await post({ identity: 'person', person: lars.id });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await viewerOf(token)).toEqual({
      role: 'MEMBER',
      person: { name: 'Lars Lyngsøe Højberg' },
      kommune: null,
    });
  });

  it('signs in as a chosen kommune’s editor', async () => {
    const response = await post({ identity: 'kommune-editor', kommune: '0101' });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await viewerOf(token)).toMatchObject({ role: 'EDITOR', kommune: { name: 'København' } });
  });

  it('refuses a person or kommune that is not in the network, saying what it needs', async () => {
    const unknownPerson = Buffer.from('Person:00000000-0000-4000-8000-000000000000').toString(
      'base64url',
    );
    for (const body of [
      { identity: 'person', person: unknownPerson },
      { identity: 'person', person: 'not-an-id' },
      { identity: 'person' },
    ]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'person must be the ID of a person in the network',
      });
    }
    for (const kommune of ['9999', '101', undefined]) {
      const response = await post({ identity: 'kommune-editor', kommune });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'kommune must be the 4-digit code of a kommune',
      });
    }
  });
});
