// Exchange rates (a fixed table here; a market-data feed in production).
export const rates = new Map<string, number>([
  ['EUR/USD', 1.08],
  ['USD/EUR', 0.93],
  ['GBP/USD', 1.27],
  ['USD/GBP', 0.79],
]);
