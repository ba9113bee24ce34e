// The in-memory reader lives with the disk's (src/analyze/memory-reader.ts): the feature and template targets plan a repository held in memory too.
export { MemoryRepo } from '../../src/analyze/memory-reader.js';
