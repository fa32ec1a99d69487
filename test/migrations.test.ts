import { useTestApi } from './support/api';

describe('migrations', () => {
  const t = useTestApi();

  it('leave the database exactly as the entities describe it (no pending schema change)', async () => {
    const diff = await t.db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
