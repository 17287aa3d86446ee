"""The division workspace (分赛区). (Placeholder from the identity branch: the divisions branch owns it.)"""
