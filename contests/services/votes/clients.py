"""Where a vote came from, kept only as salted hashes: the network (/24 for IPv4, /48 for IPv6), the
device (the voting page's cookie, else the user agent) and the user agent. Enough to see clusters in
the anomaly report; not enough to recover an address."""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings

UNKNOWN = "unknown"


@dataclass(frozen=True)
class VoteClient:
    address: str = ""
    user_agent: str = ""
    device: str = ""  # the device cookie of the voting page; empty when the browser keeps none


def _digest(kind, value):
    key = f"public-vote:{kind}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:16]


def network_of(address):
    """ "203.0.113.0/24" for an IPv4 address, "2001:db8:1::/48" for IPv6, UNKNOWN for anything else."""
    try:
        ip = ipaddress.ip_address(str(address).strip())
    except ValueError:
        return UNKNOWN
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_hash(address):
    return _digest("network", network_of(address))


def fingerprint(client):
    """The three hashes stored on a vote."""
    # Without the cookie, the user agent within the network: one agent string alone is shared by
    # millions of phones, and would make strangers look like one device.
    device = client.device or f"ua:{network_of(client.address)}:{client.user_agent}"
    return {
        "network_hash": network_hash(client.address),
        "device_hash": _digest("device", device),
        "agent_hash": _digest("agent", client.user_agent),
    }
