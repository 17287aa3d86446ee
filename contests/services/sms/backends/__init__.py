"""SMS backends: ``console`` (development), ``locmem`` (tests), ``disabled`` (production without a
provider), and the adapters for Alibaba Cloud (``aliyun``) and Tencent Cloud (``tencent``)."""


class BaseSmsBackend:
    enabled = True
    # True for backends that only write to memory or the console: sending takes no time worth hiding,
    # so ``send_sms_unseen`` sends inline (and tests see the message at once).
    instant = False

    def send(self, phone, message, params):
        raise NotImplementedError
