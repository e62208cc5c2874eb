#!/usr/bin/env bash
# A guided tour of the running local stack (deploy/local-stack/run.sh), printing every request and
# every answer: an admin creates an OAuth configuration and checks it, links it to a solution as an
# OAuth alias, a member signs in at the configuration's provider (the provider's login form, posted
# with curl), an app's REST function calls an API with the member's token, then the admin removes
# the configuration: the alias turns BROKEN and the function gets OAuthCredentialsMissingError.
# Each step checks its answer; the script stops at the first one that is not what it should be.
#
# Needs curl and jq. Options: --port-offset N (as given to run.sh). Environment overrides:
# CONFIG_URL, TOKEN_URL, ALIAS_URL, OIDC_URL (the dev provider's base URL), ECHO_URL, ORG.
set -euo pipefail

offset=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port-offset) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || { echo "usage: walkthrough.sh [--port-offset N]" >&2; exit 2; }; offset="$2"; shift 2 ;;
    *) echo "usage: walkthrough.sh [--port-offset N]" >&2; exit 2 ;;
  esac
done
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "walkthrough.sh needs $tool (e.g. apt-get install $tool, brew install $tool)" >&2; exit 1; }
done

CONFIG_URL="${CONFIG_URL:-http://localhost:$((8081 + offset))}"
TOKEN_URL="${TOKEN_URL:-http://localhost:$((8082 + offset))}"
ALIAS_URL="${ALIAS_URL:-http://localhost:$((8083 + offset))}"
OIDC_URL="${OIDC_URL:-http://localhost:$((8090 + offset))}"
ECHO_URL="${ECHO_URL:-http://127.0.0.1:$((8070 + offset))}"
ORG="${ORG:-acme-$(date +%s)}"
SOLUTION="sales-app"
TITLE="crm.token"
ALIAS_NAME="crm"
ISSUER="$OIDC_URL/acme-idp"

step=0
bold="" green="" red="" plain=""
if [[ -t 1 ]]; then bold=$'\033[1m' green=$'\033[32m' red=$'\033[31m' plain=$'\033[0m'; fi
section() { step=$((step + 1)); printf '\n%s%d. %s%s\n' "$bold" "$step" "$*" "$plain"; }
ok() { printf '   %s✔ %s%s\n' "$green" "$*" "$plain"; }
fail() { printf '   %s✘ %s%s\n' "$red" "$*" "$plain" >&2; exit 1; }

# call LABEL METHOD URL [BODY] — prints the request (tokens by name, never their value) and the
# answer; sets STATUS, BODY and HEADERS. LABEL names the bearer token: ADMIN, BOB, RUNTIME or none.
call() {
  local who="$1" method="$2" url="$3" body="${4:-}"
  local auth=() extra=()
  printf '   → %s %s\n' "$method" "$url"
  case "$who" in
    ADMIN) auth=(-H "Authorization: Bearer $ADMIN"); echo "     Authorization: Bearer <platform token of alice, ADMIN of $ORG>" ;;
    BOB) auth=(-H "Authorization: Bearer $BOB"); echo "     Authorization: Bearer <platform token of bob, MEMBER of $ORG>" ;;
    RUNTIME) auth=(-H "Authorization: Bearer $RUNTIME" -H "X-User-Token: $BOB")
      echo "     Authorization: Bearer <SERVICE token of the app runtime (function-runtime)>"
      echo "     X-User-Token: <bob's own platform token: the call acts for bob only>" ;;
  esac
  if [[ -n "$body" ]]; then
    extra=(-H "Content-Type: application/json" --data "$body")
    echo "$body" | jq . | sed 's/^/     /'
  fi
  local out headers
  out="$(mktemp)"; headers="$(mktemp)"
  STATUS="$(curl -sS -o "$out" -D "$headers" -w '%{http_code}' -X "$method" ${auth[@]+"${auth[@]}"} ${extra[@]+"${extra[@]}"} "$url")"
  BODY="$(cat "$out")"; HEADERS="$(cat "$headers")"; rm -f "$out" "$headers"
  printf '   ← %s %s\n' "$STATUS" "$(grep -i '^content-type:' <<<"$HEADERS" | tr -d '\r' | cut -d' ' -f2-)"
  if [[ -n "$BODY" ]]; then
    (jq . <<<"$BODY" 2>/dev/null || echo "$BODY") | sed 's/^/     /'
  fi
}

expect() { [[ "$STATUS" == "$1" ]] || fail "expected HTTP $1, got $STATUS"; }

# A platform token from the dev provider (client credentials; org and role are the caller's choice).
platform_token() {
  curl -sS -f "$OIDC_URL/platform/token" -d grant_type=client_credentials -d client_secret=dev "$@" | jq -r .access_token
}

printf 'Walkthrough against config-service %s, token-service %s, credential-alias-service %s,\n' "$CONFIG_URL" "$TOKEN_URL" "$ALIAS_URL"
printf 'dev OIDC provider %s, echo API %s; organisation %s.\n' "$OIDC_URL" "$ECHO_URL" "$ORG"
curl -sS -f -o /dev/null "$OIDC_URL/platform/.well-known/openid-configuration" \
  || fail "the dev OIDC provider does not answer at $OIDC_URL: is deploy/local-stack/run.sh running (with the same --port-offset)?"

section "Tokens from the platform's identity provider (the dev provider; their values are not printed)"
ADMIN="$(platform_token -d client_id=alice -d org="$ORG" -d role=ADMIN)"
BOB="$(platform_token -d client_id=bob -d org="$ORG" -d role=MEMBER)"
RUNTIME="$(platform_token -d client_id=function-runtime)"
ok "alice (ADMIN of $ORG), bob (MEMBER of $ORG), the app runtime (SERVICE)"

section "alice creates an OAuth configuration for the provider at $ISSUER"
call ADMIN POST "$CONFIG_URL/api/orgs/$ORG/oauth-configs" "$(jq -n --arg issuer "$ISSUER" --arg title "$TITLE" '{
  name: "Acme CRM", title: $title, type: "OPENID", issuer: $issuer, clientId: "acme-client",
  clientSecret: "walkthrough-secret", scopes: ["openid", "offline_access"], domains: ["*"],
  redirectUrls: ["https://app.example.com/callback"]}')"
expect 201
CONFIG_ID="$(jq -r .id <<<"$BODY")"
[[ "$(jq -r .clientSecretSet <<<"$BODY")" == "true" && "$BODY" != *walkthrough-secret* ]] || fail "the secret must be stored and never shown"
ok "created $CONFIG_ID; the answer says clientSecretSet, never the secret"

section "alice checks it against the provider (discovery, endpoints)"
call ADMIN POST "$TOKEN_URL/api/orgs/$ORG/oauth-configs/$CONFIG_ID/check"
expect 200
[[ "$(jq -r .ok <<<"$BODY")" == "true" ]] || fail "the check found errors"
ok "the provider answers as configured (a warning: it is plain http, which only the local stack allows)"

section "alice links it to the solution $SOLUTION as the OAuth alias '$ALIAS_NAME'"
call ADMIN POST "$ALIAS_URL/api/orgs/$ORG/solutions/$SOLUTION/credentials" \
  "$(jq -n --arg id "$CONFIG_ID" --arg name "$ALIAS_NAME" '{name: $name, type: "OAUTH_ALIAS", oauthConfigId: $id}')"
expect 201
ALIAS_ID="$(jq -r .id <<<"$BODY")"
[[ "$(jq -r .status <<<"$BODY")" == "OK" ]] || fail "a new alias is OK"
ok "alias $ALIAS_ID is OK"

section "bob (a member) starts signing in to the provider"
call BOB POST "$TOKEN_URL/api/orgs/$ORG/oauth-configs/$CONFIG_ID/authorize" '{}'
expect 200
AUTHORIZATION_URL="$(jq -r .authorizationUrl <<<"$BODY")"
[[ "$AUTHORIZATION_URL" == "$ISSUER/authorize?"*code_challenge_method=S256* ]] || fail "the provider URL carries a PKCE S256 challenge"
ok "the app opens this URL in bob's browser; it carries state, nonce and a PKCE challenge"

section "bob signs in at the provider: its login form, posted as the browser would"
printf '   → POST %s\n     username=bob&claims={}\n' "${AUTHORIZATION_URL%%\?*}?…"
LOCATION="$(curl -sS -o /dev/null -w '%{redirect_url}' -X POST "$AUTHORIZATION_URL" --data-urlencode username=bob --data-urlencode 'claims={}')"
printf '   ← 302 Location: %s\n' "${LOCATION%%\?*}?code=…&state=…"
[[ "$LOCATION" == "https://app.example.com/callback?"*code=*state=* ]] || fail "the provider redirects to the app with a code and the state"
ok "the provider sends bob back to the app's redirect URL with a one-time code"

section "the app hands the code to the token-service, which redeems it (with the PKCE verifier and the client secret)"
call BOB GET "$TOKEN_URL/api/oauth/callback?${LOCATION#*\?}"
expect 200
[[ "$(jq -r .status <<<"$BODY")" == "SIGNED_IN" ]] || fail "bob is signed in"
ok "bob's tokens are stored encrypted; the answer shows when they expire, not the tokens"

section "an app's REST function calls the echo API through the token-service, naming the alias '$ALIAS_NAME'"
EXECUTE="$(jq -n --arg org "$ORG" --arg solution "$SOLUTION" --arg alias "$ALIAS_NAME" --arg url "$ECHO_URL/crm/contacts" '{
  orgId: $org, userId: "bob", solutionId: $solution, tokenReference: $alias, method: "GET", url: $url,
  headers: {Accept: "application/json"}}')"
call RUNTIME POST "$TOKEN_URL/api/functions/execute" "$EXECUTE"
expect 200
[[ "$(jq -r .authorization.scheme <<<"$BODY")" == "Bearer" && "$(jq -r .authorization.claims.iss <<<"$BODY")" == "$ISSUER" \
  && "$(jq -r .authorization.claims.sub <<<"$BODY")" == "bob" ]] || fail "the API must receive bob's token from $ISSUER"
ok "the echo API received 'Authorization: Bearer' with bob's access token from $ISSUER"

section "alice removes the configuration: refused while the alias uses it"
call ADMIN DELETE "$CONFIG_URL/api/orgs/$ORG/oauth-configs/$CONFIG_ID"
expect 409
ok "the answer lists the alias that still references it"
call ADMIN DELETE "$CONFIG_URL/api/orgs/$ORG/oauth-configs/$CONFIG_ID?force=true"
expect 204
ok "removed with force=true; the change goes out on Kafka (oauth-config-events)"

section "the credential-alias-service flags the alias BROKEN when the event arrives"
for attempt in $(seq 1 30); do
  STATUS_NOW="$(curl -sS -H "Authorization: Bearer $ADMIN" "$ALIAS_URL/api/orgs/$ORG/solutions/$SOLUTION/credentials/$ALIAS_ID" | jq -r .status)"
  [[ "$STATUS_NOW" == "BROKEN" ]] && break
  sleep 0.5
done
call ADMIN GET "$ALIAS_URL/api/orgs/$ORG/solutions/$SOLUTION/credentials/$ALIAS_ID"
expect 200
[[ "$(jq -r .status <<<"$BODY")" == "BROKEN" ]] || fail "the alias must be BROKEN within 15 s"
ok "alias '$ALIAS_NAME' is BROKEN: $(jq -r .brokenReason <<<"$BODY")"

section "the same function call now gets the error apps match on, and no token leaves"
call RUNTIME POST "$TOKEN_URL/api/functions/execute" "$EXECUTE"
expect 401
[[ "$(jq -r .error.name <<<"$BODY")" == "OAuthCredentialsMissingError" ]] || fail "the answer must be OAuthCredentialsMissingError"
ok "OAuthCredentialsMissingError, reason $(jq -r .error.reason <<<"$BODY")"

printf '\n%sDone.%s Organisation %s: configuration %s removed, alias %s BROKEN.\n' "$bold" "$plain" "$ORG" "$CONFIG_ID" "$ALIAS_ID"
echo "Explore further: Swagger UI on each service's management port (run.sh prints the URLs)."
