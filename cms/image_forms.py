"""The image library's form (WAGTAILIMAGES_IMAGE_FORM_BASE): the 描述 is required.

Every image in the library may end up on a public page, where its description is the alt text
(scenes' cover images, the templates' {% image %} tags). Wagtail's description is optional and its
uploader only nudges. With the field required, Wagtail's multiple uploader keeps the file aside and
creates the image only once the description is filled in.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm

DESCRIPTION_REQUIRED = _("请填写“描述”：用一句话说明图片内容，它将作为替代文本提供给无法看到图片的读者。")
DESCRIPTION_HELP = _("必填。用一句话说明图片内容，例如“济南市民在自助终端办理社保业务”，将作为替代文本。")


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        description = self.fields.get("description")
        if description is not None:
            description.required = True
            description.error_messages["required"] = DESCRIPTION_REQUIRED
            description.help_text = DESCRIPTION_HELP
            # (Django strips the value first, so blank spaces count as missing.)
