import { useErasureKey } from '../../src/modules/privacy/tombstone';

/** The tombstone key of in-process tests, which erase and import without `startApp`. */
export const TEST_ERASURE_KEY = 'test-erasure-key-0123456789abcdef0123456789';

useErasureKey(TEST_ERASURE_KEY);
