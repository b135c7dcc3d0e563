import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A page renders its first data after a few hops through mocked APIs; on a loaded machine (CI's
// two cores running the database tests beside these, four times slower than alone) that can take
// longer than the library's default second, which is a wait, not a failure.
configure({ asyncUtilTimeout: 10_000 });
