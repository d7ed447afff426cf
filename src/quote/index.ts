// Placeholder: the order-event issue (toOrderEvent, verifyOrder) fills this entry point.
export {};
