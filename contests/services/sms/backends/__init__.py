"""SMS backends: ``console`` (development), ``locmem`` (tests), ``disabled`` (production without a
provider), and the adapters for Alibaba Cloud (``aliyun``) and Tencent Cloud (``tencent``)."""


class BaseSmsBackend:
    enabled = True

    def send(self, phone, message, params):
        raise NotImplementedError
