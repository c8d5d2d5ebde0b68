"""Identities as value types, validated and normalised at the edge: phone numbers to E.164
(any way a person or a telephony system writes them), e-mail addresses to their
normalised form, national and account ids without spacing.

A customer is recognised by any of them, so each is stored in one canonical form and
looked up in that form.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from tamas.crm.models import IdentityKind
from tamas.errors import InputError

DEFAULT_REGION = "IR"
"""Numbers written without a country code are read as numbers of this country."""

_SPACING = re.compile(r"[\s\-./]+")
_ID = re.compile(r"[0-9A-Za-z]{2,32}")


def normalize_phone(text: str, region: str = DEFAULT_REGION, *, field: str = "phone") -> str:
    """The number in E.164 (+989121234567) from 0912 123 4567, 00989121234567, +98 912...

    Raises InputError naming `field` when it is not a valid number.
    """
    expected = f"{field}: expected a phone number such as 0912 123 4567 or +98 912 123 4567"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InputError(f"{expected}, got {text!r}", field=field) from None
    if not phonenumbers.is_valid_number(number):
        raise InputError(f"{expected}, got {text!r} (not a valid number)", field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_variants(e164: str) -> list[str]:
    """The ways a telephony system may have written this number as a caller id: E.164,
    without the plus, with 00, in national form with its trunk prefix (09121234567) and
    without it (9121234567)."""
    number = phonenumbers.parse(e164)
    national = str(number.national_number)
    region = phonenumbers.region_code_for_number(number)
    trunk = phonenumbers.ndd_prefix_for_region(region, strip_non_digits=True) or ""
    international = e164.removeprefix("+")
    return sorted({e164, international, f"00{international}", f"{trunk}{national}", national})


def normalize_identity(
    kind: IdentityKind, value: str, region: str = DEFAULT_REGION, *, field: str = "value"
) -> str:
    """The canonical form of an identity value, or InputError naming `field`."""
    text = value.strip()
    if kind is IdentityKind.PHONE:
        return normalize_phone(text, region, field=field)
    if kind is IdentityKind.EMAIL:
        try:
            return validate_email(text, check_deliverability=False).normalized.lower()
        except EmailNotValidError as error:
            raise InputError(
                f"{field}: expected an e-mail address, got {value!r} ({error})", field=field
            ) from None
    compact = _SPACING.sub("", text)
    if not _ID.fullmatch(compact):
        raise InputError(
            f"{field}: expected 2 to 32 letters or digits for a {kind.value}, got {value!r}",
            field=field,
        )
    return compact.upper()
