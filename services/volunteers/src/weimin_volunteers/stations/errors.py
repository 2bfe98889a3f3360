from weimin_kit.errors import Conflict


class StationExists(Conflict):
    code = "station-exists"
    title = "This community already has its service station"


class ServiceItemExists(Conflict):
    code = "service-item-exists"
    title = "A service item with this code exists"


class RequestNotChangeable(Conflict):
    code = "request-not-changeable"
    title = "The service request is not in a state that allows this"
