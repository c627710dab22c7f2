/** ISO 8601 instant with an offset (Z or ±hh:mm), as the API takes instants everywhere. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
