import { useErasureKey } from '../../src/modules/privacy/tombstone';

/** In-process tests erase and import without `startApp`: they use a fixed tombstone key. */
useErasureKey('test-erasure-key-0123456789abcdef0123456789');
