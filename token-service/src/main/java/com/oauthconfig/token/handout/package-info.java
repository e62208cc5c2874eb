/**
 * What asking for an access token answers, whichever source hands it out (the user token store or
 * client credentials): the token with the moment it stops being handed out, or the typed reason
 * there is none.
 */
package com.oauthconfig.token.handout;
