import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A page renders its first data after a few hops through mocked APIs; on a loaded machine (CI's
// two cores running the database tests beside these) that can take longer than the library's
// default second, which is a wait, not a failure.
configure({ asyncUtilTimeout: 5_000 });

// A test that fills in a whole form takes 2 to 5 s on an idle machine and was seen at over 20 s
// on CI's, where the database tests share both cores. The time limit only stops a test that
// hangs; it is one figure for the package rather than one per file.
jest.setTimeout(60_000);
