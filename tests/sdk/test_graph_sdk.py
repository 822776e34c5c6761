"""Drives graph-server with Microsoft's Graph SDK for Python (msgraph-sdk), a Graph client
this project did not write: its own request builders, serialisers and error parsing.

Starts nothing: the server's version root comes from GRAPH_SERVER_URL (for example
http://127.0.0.1:8790/v1.0). Run by tests/sdk/run.sh, which starts a fresh demo tenant.
Each check is an async function; the last line printed is `N passed, N failed`, and the
exit code is 1 when any failed.
"""

import asyncio
import os
import sys
import time
import traceback
import uuid
from typing import Any
from urllib.parse import urlparse

from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.assigned_license import AssignedLicense
from msgraph.generated.models.invitation import Invitation
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.user import User
from msgraph.generated.users.item.assign_license.assign_license_post_request_body import (
    AssignLicensePostRequestBody,
)
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.generated.users.users_request_builder import UsersRequestBuilder

BASE_URL = os.environ.get("GRAPH_SERVER_URL", "http://127.0.0.1:8790/v1.0")
TOKEN = "dev:admin@contoso.onmicrosoft.com"


class DevTokenProvider(AccessTokenProvider):
    """graph-server's development token (`dev:` and a user principal name), for its host only."""

    def __init__(self, host: str) -> None:
        self._hosts = AllowedHostsValidator([host])

    async def get_authorization_token(self, uri: str, additional_authentication_context: dict[str, Any] = {}) -> str:
        return TOKEN if self._hosts.is_url_host_valid(uri) else ""

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._hosts


def make_client() -> GraphServiceClient:
    host = urlparse(BASE_URL).hostname or "127.0.0.1"
    auth = BaseBearerTokenAuthenticationProvider(DevTokenProvider(host))
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = BASE_URL
    return GraphServiceClient(request_adapter=adapter)


client = make_client()


def check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


async def sku_ids() -> dict[str, Any]:
    skus = await client.subscribed_skus.get()
    return {s.sku_part_number: s for s in skus.value}


async def odata_error(call) -> ODataError:
    """The ODataError the SDK raises for `call`, which must fail."""
    try:
        await call
    except ODataError as e:
        return e
    raise AssertionError("the call succeeded; an error was expected")


async def test_guests_filtered_with_count_and_next_links() -> None:
    config = RequestConfiguration(
        query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            filter="userType eq 'Guest'",
            count=True,
            top=5,
            select=["id", "displayName", "userType", "mail"],
        )
    )
    config.headers.add("ConsistencyLevel", "eventual")
    page = await client.users.get(request_configuration=config)
    check(page.odata_count is not None and page.odata_count >= 10, f"@odata.count: {page.odata_count}")
    seen = list(page.value)
    check(len(seen) == 5, f"first page of 5, got {len(seen)}")
    while page.odata_next_link:
        check(page.odata_next_link.startswith(BASE_URL), f"next link on this server: {page.odata_next_link}")
        next_config = RequestConfiguration()
        next_config.headers.add("ConsistencyLevel", "eventual")
        page = await client.users.with_url(page.odata_next_link).get(request_configuration=next_config)
        seen.extend(page.value)
    check(len(seen) == page.odata_count or len(seen) >= 10, f"{len(seen)} guests read")
    check(all(u.user_type == "Guest" for u in seen), "only guests")
    check(len({u.id for u in seen}) == len(seen), "no guest twice across pages")


async def test_subscribed_skus_are_read_with_their_units() -> None:
    skus = await sku_ids()
    e3 = skus.get("ENTERPRISEPACK")
    check(e3 is not None, f"ENTERPRISEPACK among {sorted(skus)}")
    check(isinstance(e3.sku_id, uuid.UUID), f"skuId parsed as a UUID: {e3.sku_id!r}")
    check(e3.prepaid_units.enabled >= e3.consumed_units > 0, "prepaidUnits and consumedUnits")
    check(e3.capability_status == "Enabled", f"capabilityStatus {e3.capability_status}")
    check(len(e3.service_plans) > 0, "service plans")


async def test_patch_usage_location() -> None:
    user = client.users.by_user_id("tricia@contoso.com")
    before = await user.get()
    new_location = "FR" if before.usage_location != "FR" else "DE"
    # The SDK's PATCH body carries "@odata.type": "#microsoft.graph.user".
    await user.patch(User(usage_location=new_location))
    config = RequestConfiguration(
        query_parameters=UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(
            select=["id", "usageLocation"]
        )
    )
    after = await user.get(request_configuration=config)
    check(after.usage_location == new_location, f"usageLocation {after.usage_location}, wanted {new_location}")
    await user.patch(User(usage_location=before.usage_location))


async def test_assign_a_licence_and_remove_it_again() -> None:
    skus = await sku_ids()
    p2 = skus["AAD_PREMIUM_P2"]
    check(p2.prepaid_units.enabled > p2.consumed_units, "AAD_PREMIUM_P2 has seats left")
    user = client.users.by_user_id("jane@contoso.com")
    held = {d.sku_id for d in (await user.license_details.get()).value}
    check(p2.sku_id not in held, "jane starts without AAD_PREMIUM_P2")

    updated = await user.assign_license.post(
        AssignLicensePostRequestBody(
            add_licenses=[AssignedLicense(sku_id=p2.sku_id, disabled_plans=[])], remove_licenses=[]
        )
    )
    check(updated.user_principal_name == "jane@contoso.com", f"the user back: {updated.user_principal_name}")
    held = {d.sku_id for d in (await user.license_details.get()).value}
    check(p2.sku_id in held, "licenseDetails lists AAD_PREMIUM_P2")
    check((await sku_ids())["AAD_PREMIUM_P2"].consumed_units == p2.consumed_units + 1, "a seat is used")

    await user.assign_license.post(AssignLicensePostRequestBody(add_licenses=[], remove_licenses=[p2.sku_id]))
    held = {d.sku_id for d in (await user.license_details.get()).value}
    check(p2.sku_id not in held, "AAD_PREMIUM_P2 removed again")
    check((await sku_ids())["AAD_PREMIUM_P2"].consumed_units == p2.consumed_units, "the seat is free again")


async def test_invite_a_guest() -> None:
    email = f"sdk-guest-{uuid.uuid4().hex[:8]}@fabrikam.com"
    invitation = await client.invitations.post(
        Invitation(
            invited_user_email_address=email,
            invited_user_display_name="SDK Guest",
            invite_redirect_url="https://myapps.microsoft.com",
            send_invitation_message=False,
        )
    )
    check(invitation.invited_user is not None and invitation.invited_user.id, "the invited user's id")
    check(invitation.invited_user_email_address == email, f"email {invitation.invited_user_email_address}")
    check(invitation.status in ("PendingAcceptance", "Completed"), f"status {invitation.status}")
    check(bool(invitation.invite_redeem_url), "a redeem URL")
    # As on Graph, userType is not among a user's default properties: ask for it.
    config = RequestConfiguration(
        query_parameters=UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(
            select=["id", "userType", "mail", "externalUserState"]
        )
    )
    guest = await client.users.by_user_id(invitation.invited_user.id).get(request_configuration=config)
    check(guest.user_type == "Guest", f"userType {guest.user_type}")
    check(guest.mail == email, f"mail {guest.mail}")


async def test_graph_errors_surface_with_code_and_message() -> None:
    skus = await sku_ids()
    full = next(
        s
        for s in skus.values()
        if s.capability_status == "Enabled" and s.prepaid_units.enabled <= s.consumed_units
    )
    e = await odata_error(
        client.users.by_user_id("tricia@contoso.com").assign_license.post(
            AssignLicensePostRequestBody(
                add_licenses=[AssignedLicense(sku_id=full.sku_id, disabled_plans=[])], remove_licenses=[]
            )
        )
    )
    check(e.response_status_code == 400, f"status {e.response_status_code}")
    check(e.error.code == "Request_BadRequest", f"code {e.error.code}")
    check(
        e.error.message == f"Subscription with SKU {full.sku_id} does not have any available licenses.",
        f"message {e.error.message}",
    )
    check(any(d.code == "CountViolation" for d in (e.error.details or [])), "CountViolation in details")
    check(e.error.inner_error is not None, "innerError parsed")

    config = RequestConfiguration(
        query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            select=["userPrincipalName", "usageLocation", "userType"], top=999
        )
    )
    users = (await client.users.get(request_configuration=config)).value
    nowhere = next(u for u in users if u.usage_location is None and u.user_type == "Member")
    p2 = skus["AAD_PREMIUM_P2"]
    e = await odata_error(
        client.users.by_user_id(nowhere.user_principal_name).assign_license.post(
            AssignLicensePostRequestBody(
                add_licenses=[AssignedLicense(sku_id=p2.sku_id, disabled_plans=[])], remove_licenses=[]
            )
        )
    )
    check(e.response_status_code == 400, f"status {e.response_status_code}")
    check(
        e.error.message == "License assignment cannot be done for user with invalid usage location.",
        f"message {e.error.message}",
    )

    e = await odata_error(client.users.by_user_id("00000000-0000-0000-0000-000000000000").get())
    check(e.response_status_code == 404, f"status {e.response_status_code}")
    check(e.error.code == "Request_ResourceNotFound", f"code {e.error.code}")


TESTS = [
    test_guests_filtered_with_count_and_next_links,
    test_subscribed_skus_are_read_with_their_units,
    test_patch_usage_location,
    test_assign_a_licence_and_remove_it_again,
    test_invite_a_guest,
    test_graph_errors_surface_with_code_and_message,
]


async def main() -> int:
    passed = failed = 0
    for test in TESTS:
        started = time.monotonic()
        try:
            await test()
        except Exception as e:  # noqa: BLE001 - every failure is reported and counted
            failed += 1
            detail = f"{type(e).__name__}: {e}"
            if isinstance(e, ODataError) and e.error is not None:
                detail = f"ODataError {e.response_status_code} {e.error.code}: {e.error.message}"
            print(f"FAIL {test.__name__} ({time.monotonic() - started:.2f} s): {detail}")
            if not isinstance(e, (AssertionError, ODataError)):
                traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {test.__name__} ({time.monotonic() - started:.2f} s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
