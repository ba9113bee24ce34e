/** The schema check itself must be able to fail, or the golden tests' "valid" means nothing. */
import { expect, it } from 'vitest';
import { loadSpecValidator } from './helpers/validators.js';

const validate = loadSpecValidator();

it.runIf(validate)('accepts a minimal Dockerfile-based configuration', () => {
  expect(validate!({ build: { dockerfile: 'Dockerfile' }, mounts: [{ type: 'volume', source: 'v', target: '/opt/uv' }] })).toEqual([]);
});

it.runIf(validate)('rejects a mount with an unknown type, and unknown properties', () => {
  expect(validate!({ build: { dockerfile: 'Dockerfile' }, mounts: [{ type: 'tmpfs-ish', source: 'v', target: '/x' }] })).not.toEqual([]);
  expect(validate!({ build: { dockerfile: 'Dockerfile' }, remoteUser: 42 })).not.toEqual([]);
});
