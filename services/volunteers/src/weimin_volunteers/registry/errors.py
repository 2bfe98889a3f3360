from weimin_kit.errors import Conflict, InvalidInput


class VolunteerAlreadyRegistered(Conflict):
    code = "volunteer-already-registered"
    title = "This person or account is already a volunteer"


class SkillCodeTaken(Conflict):
    code = "skill-code-taken"
    title = "A skill with this code exists"


class CertificateRequired(InvalidInput):
    code = "certificate-required"
    title = "The skill needs a valid certificate"


class CertificateExpired(InvalidInput):
    code = "certificate-expired"
    title = "The certificate has expired"
