// The only network code of Policy Radar. Everything else imports from here.
export {
  defaultFetcherOptions, FetchError,
  type Fetcher, type FetcherDeps, type FetcherOptions, type FetchErrorCode, type FetchRequest, type FetchResult, type ResolvedAddress,
} from './types.js';
export { createFetcher } from './fetcher.js';
export { decodeBody, detectCharset } from './charset.js';
export { isPrivateAddress } from './address-guard.js';
