/** Organisations, users, roles, web sessions and API tokens: who may do what on the platform. */
package org.kizashi.core.identity;
