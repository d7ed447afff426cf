// `cpq-kit/quote`: toOrderEvent and verifyOrder arrive with issue 6.
export {};
