// Jest reads testTimeout only at the top level of its config, not per project: e2e specs start real processes.
jest.setTimeout(120_000);
