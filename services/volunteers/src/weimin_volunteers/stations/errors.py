from weimin_kit.errors import Conflict


class StationExists(Conflict):
    code = "station-exists"
    title = "This community already has its service station"
    title_zh = "该社区已有服务站"


class ServiceItemExists(Conflict):
    code = "service-item-exists"
    title = "A service item with this code exists"
    title_zh = "已有此代码的服务项目"


class RequestNotChangeable(Conflict):
    code = "request-not-changeable"
    title = "The service request is not in a state that allows this"
    title_zh = "服务申请当前状态不允许此操作"
