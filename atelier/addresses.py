"""Who is "one client" for the limits that count by address.

An IPv4 address is one; an IPv6 host usually gets a whole /64 and can take
any address in it, so the /64 is what counts (an IPv4 address mapped into
IPv6 counts as itself).
"""

import ipaddress


def address_key(address) -> str:
    """What the cap counts by: the IPv4 address, or the /64 an IPv6 host gets."""
    host = address[0] if isinstance(address, tuple) else str(address)
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
