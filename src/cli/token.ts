import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { parseGlobalId } from '../common/global-id';
import { isRole, ROLES } from '../auth/identity';
import { authSettings } from '../auth/secret';
import { MAX_TOKEN_LIFETIME_S, signLocalToken } from '../auth/tokens';

const USAGE = `Prints a local bearer token for this installation.

usage: npm run -s token -- --role member|editor|admin [--person ID] [--kommune CODE]
                          [--organization SLUG] [--subject NAME] [--expires 12h]

  --role           member reads the network; editor also writes for their kommune or
                   organisation; admin (the OS2 secretariat) writes everything
  --person         the person the holder is (a Person ID from the API): they may edit
                   their own profile and claims
  --kommune        the holder's kommune, by its 4-digit code (e.g. 0751 for Aarhus)
  --organization   the holder's organisation, by its slug
  --subject        who the token is for (default: derived from the person or role)
  --expires        lifetime, e.g. 30m, 12h, 30d (default 12h)

The token is signed with AUTH_SECRET, or with the secret kept in DATA_DIR (./.data).`;

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      person: { type: 'string' },
      kommune: { type: 'string' },
      organization: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const problems: string[] = [];
  if (!isRole(values.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  let personId: string | undefined;
  if (values.person !== undefined) {
    const parsed = parseGlobalId(values.person);
    if (parsed?.type === 'Person') personId = parsed.id;
    else problems.push('--person must be a Person ID, as the API gives it');
  }
  if (values.kommune !== undefined && !/^\d{4}$/.test(values.kommune)) {
    problems.push('--kommune must be a 4-digit kommune code, e.g. 0751');
  }
  const lifetime = durationSeconds(values.expires ?? '');
  if (lifetime === undefined) {
    problems.push('--expires must be a duration such as 30m, 12h or 30d');
  } else if (lifetime > MAX_TOKEN_LIFETIME_S) {
    problems.push(
      `--expires may be at most ${MAX_TOKEN_LIFETIME_S / 86_400}d: longer tokens are refused`,
    );
  }
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  const settings = authSettings(loadConfig());
  if (!settings.secret) {
    console.error(
      'This installation takes tokens from its OIDC issuer only (no AUTH_SECRET): get one there.',
    );
    process.exit(2);
  }
  const token = await signLocalToken(settings.secret, {
    role: values.role as (typeof ROLES)[number],
    personId,
    kommuneCode: values.kommune,
    organizationSlug: values.organization,
    subject: values.subject,
    expiresIn: values.expires,
  });
  console.log(token);
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds in a duration such as `30m`, `12h`, `2 weeks`; undefined when it is none. */
function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)\s*(s|sec|m|min|h|hr|d|day|w|week)s?$/i.exec(text);
  return match ? Number(match[1]) * SECONDS[match[2][0].toLowerCase()] : undefined;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
