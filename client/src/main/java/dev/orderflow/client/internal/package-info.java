/** Helpers of the client and its command line; not API, and may change in any release. */
package dev.orderflow.client.internal;
