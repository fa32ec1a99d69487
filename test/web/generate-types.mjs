/**
 * Runs the web app's GraphQL Code Generator config (web/codegen.mts) without writing anything and
 * prints the files it would write as JSON, for test/web/codegen.test.ts. The CLI is an ES module,
 * which Jest's CommonJS runtime cannot load; this runs it in a Node of its own. A first argument
 * replaces the config's documents.
 */
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { codegenConfig } from '../../web/codegen.mts';

const root = path.resolve(import.meta.dirname, '..', '..');
const documents = process.argv[2] ? [process.argv[2]] : codegenConfig.documents;
const files = await generate({ ...codegenConfig, documents, cwd: root, silent: true }, false);
process.stdout.write(JSON.stringify(files.map(({ filename, content }) => ({ filename, content }))));
